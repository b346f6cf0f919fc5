using System.Globalization;

namespace Coffer.Sdk.Helpers;

/// <summary>
/// Durations as Vault writes them: Go duration strings ("1h30m", "300s", "768h") or bare integers meaning seconds.
/// </summary>
public static class GoDuration
{
    public static TimeSpan Parse(string text) =>
        TryParse(text, out var value) ? value : throw new FormatException($"time: invalid duration \"{text}\"");

    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim();
        if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            value = TimeSpan.FromSeconds(seconds);
            return true;
        }

        var negative = s.StartsWith('-');
        if (negative || s.StartsWith('+'))
        {
            s = s[1..];
        }

        if (s == "0")
        {
            return true;
        }

        double totalTicks = 0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s.AsSpan(start, i - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && !char.IsAsciiDigit(s[i]) && s[i] != '.')
            {
                i++;
            }

            double? unitTicks = s[unitStart..i] switch
            {
                "ns" => TimeSpan.TicksPerMillisecond / 1_000_000.0,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMillisecond / 1000.0,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                "d" => TimeSpan.TicksPerDay,
                _ => null,
            };
            if (unitTicks is null)
            {
                return false;
            }

            totalTicks += number * unitTicks.Value;
        }

        value = TimeSpan.FromTicks((long)(negative ? -totalTicks : totalTicks));
        return true;
    }

    /// <summary>Vault's humanised form: <c>768h</c>, <c>30m</c>, <c>1h2m3s</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        var totalSeconds = (long)Math.Round(duration.TotalSeconds);
        if (totalSeconds == 0)
        {
            return "0s";
        }

        var sign = totalSeconds < 0 ? "-" : string.Empty;
        totalSeconds = Math.Abs(totalSeconds);
        var hours = totalSeconds / 3600;
        var minutes = totalSeconds % 3600 / 60;
        var seconds = totalSeconds % 60;
        var text = sign;
        if (hours > 0)
        {
            text += hours.ToString(CultureInfo.InvariantCulture) + "h";
        }

        if (minutes > 0 || (hours > 0 && seconds > 0))
        {
            text += minutes.ToString(CultureInfo.InvariantCulture) + "m";
        }

        if (seconds > 0)
        {
            text += seconds.ToString(CultureInfo.InvariantCulture) + "s";
        }

        return text;
    }
}
