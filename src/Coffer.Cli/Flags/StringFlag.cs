namespace Coffer.Cli.Flags;

internal sealed class StringFlag(string name, string defaultValue, string usage, IReadOnlyList<string> aliases)
    : Flag(name, usage, aliases)
{
    public string Value { get; private set; } = defaultValue;

    public override string ValueHint => "string";

    protected override void Apply(string value) => Value = value;
}
