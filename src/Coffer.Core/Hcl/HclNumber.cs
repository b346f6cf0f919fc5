using System.Globalization;

namespace Coffer.Core.Hcl;

/// <summary>
/// A number exactly as written (<c>42</c>, <c>-3</c>, <c>1.5</c>, <c>2e3</c>). The text is kept so that
/// integers too large for a double, and the distinction between <c>1</c> and <c>1.0</c>, survive.
/// </summary>
public sealed class HclNumber : HclValue
{
    public HclNumber(string text, int line, int column)
        : base(line, column)
    {
        Text = text;
    }

    public string Text { get; }

    public override string KindName => "number";

    /// <summary>True when the text is a whole number that fits in 64 bits.</summary>
    public bool IsInteger => TryGetInt64(out _);

    public bool TryGetInt64(out long value) =>
        long.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public double ToDouble() => double.Parse(Text, NumberStyles.Float, CultureInfo.InvariantCulture);

    public override string ToString() => Text;
}
