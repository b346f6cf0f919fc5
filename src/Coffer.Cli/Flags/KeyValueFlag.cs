namespace Coffer.Cli.Flags;

/// <summary>A repeatable <c>key=value</c> flag (<c>-metadata team=ops -metadata env=prod</c>); a later key wins.</summary>
internal sealed class KeyValueFlag(string name, string usage, IReadOnlyList<string> aliases)
    : Flag(name, usage, aliases)
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, string> Values => _values;

    public override string ValueHint => "key=value";

    protected override void Apply(string value)
    {
        var index = value.IndexOf('=', StringComparison.Ordinal);
        if (index < 0)
        {
            throw new FormatException("missing = in KV pair: " + Output.GoFormat.Quote(value));
        }
        _values[value[..index]] = value[(index + 1)..];
    }
}
