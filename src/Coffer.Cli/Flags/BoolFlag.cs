namespace Coffer.Cli.Flags;

internal sealed class BoolFlag(string name, bool defaultValue, string usage, IReadOnlyList<string> aliases)
    : Flag(name, usage, aliases)
{
    public bool Value { get; private set; } = defaultValue;

    public override bool IsBoolean => true;

    public override string ValueHint => "";

    protected override void Apply(string value)
    {
        if (!GoBool.TryParse(value, out var parsed))
        {
            throw new FormatException("parse error");
        }
        Value = parsed;
    }
}
