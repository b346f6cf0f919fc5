namespace Coffer.Cli.Flags;

internal sealed class DurationFlag(string name, TimeSpan defaultValue, string usage, IReadOnlyList<string> aliases)
    : Flag(name, usage, aliases)
{
    public TimeSpan Value { get; private set; } = defaultValue;

    public override string ValueHint => "duration";

    protected override void Apply(string value) => Value = DurationParser.Parse(value);
}
