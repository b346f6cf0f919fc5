namespace Coffer.Cli.Flags;

/// <summary>A flag that may be repeated; each occurrence adds one value (<c>-policy a -policy b</c>).</summary>
internal sealed class StringListFlag(string name, string usage, IReadOnlyList<string> aliases)
    : Flag(name, usage, aliases)
{
    private readonly List<string> _values = [];

    public IReadOnlyList<string> Values => _values;

    public override string ValueHint => "string";

    protected override void Apply(string value) => _values.Add(value.Trim());
}
