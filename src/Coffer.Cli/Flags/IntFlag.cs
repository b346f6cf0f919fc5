using System.Globalization;

namespace Coffer.Cli.Flags;

internal sealed class IntFlag(string name, int defaultValue, string usage, IReadOnlyList<string> aliases)
    : Flag(name, usage, aliases)
{
    public int Value { get; private set; } = defaultValue;

    public override string ValueHint => "int";

    protected override void Apply(string value)
    {
        if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed))
        {
            throw new FormatException("parse error");
        }
        Value = parsed;
    }
}
