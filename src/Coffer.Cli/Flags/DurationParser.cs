using System.Globalization;

namespace Coffer.Cli.Flags;

/// <summary>
/// Durations as the Go CLI accepts them: a bare integer is seconds, <c>Nd</c> is days, anything else
/// is Go duration syntax (<c>1h30m</c>, <c>1.5h</c>, <c>300ms</c>, <c>-2s</c>).
/// </summary>
internal static class DurationParser
{
    private static readonly (string Unit, decimal Ticks)[] Units =
    [
        ("ns", 0.01m),
        ("us", 10m),
        ("µs", 10m),
        ("μs", 10m),
        ("ms", TimeSpan.TicksPerMillisecond),
        ("s", TimeSpan.TicksPerSecond),
        ("m", TimeSpan.TicksPerMinute),
        ("h", TimeSpan.TicksPerHour),
    ];

    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value, out var error) ? value : throw new FormatException(error);

    public static bool TryParse(string text, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = "";
        var s = text.Trim();
        if (s.Length == 0)
        {
            return true;
        }
        if (long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }
        if (s.EndsWith('d') && long.TryParse(s[..^1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
        {
            value = TimeSpan.FromDays(days);
            return true;
        }
        return TryParseGo(s, out value, out error);
    }

    private static bool TryParseGo(string original, out TimeSpan value, out string error)
    {
        value = TimeSpan.Zero;
        error = $"time: invalid duration \"{original}\"";
        var s = original;
        var negative = false;
        if (s[0] is '-' or '+')
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s == "0")
        {
            return true;
        }
        if (s.Length == 0)
        {
            return false;
        }
        decimal totalTicks = 0;
        while (s.Length > 0)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }
            var numberText = s[..numberLength];
            if (numberText.Length == 0 || numberText == "." || !decimal.TryParse(numberText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }
            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }
            var unit = s[..unitLength];
            s = s[unitLength..];
            if (unit.Length == 0)
            {
                error = $"time: missing unit in duration \"{original}\"";
                return false;
            }
            var match = Units.FirstOrDefault(u => u.Unit == unit);
            if (match.Unit is null)
            {
                error = $"time: unknown unit \"{unit}\" in duration \"{original}\"";
                return false;
            }
            totalTicks += number * match.Ticks;
            if (totalTicks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }
        }
        var ticks = (long)decimal.Round(totalTicks, MidpointRounding.ToZero);
        value = TimeSpan.FromTicks(negative ? -ticks : ticks);
        return true;
    }
}
