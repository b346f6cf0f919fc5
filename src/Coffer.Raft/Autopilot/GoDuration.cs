using System.Globalization;
using System.Text;

namespace Coffer.Raft.Autopilot;

/// <summary>
/// Durations as Go prints and parses them (<c>time.Duration.String</c> / <c>time.ParseDuration</c>), which is
/// how Vault writes <c>last_contact</c> ("678.62575ms", "0s") and the autopilot configuration ("24h0m0s", "10s").
/// </summary>
public static class GoDuration
{
    private const long NanosecondsPerTick = 100;
    private const long Microsecond = 1_000;
    private const long Millisecond = 1_000_000;
    private const long Second = 1_000_000_000;

    public static string Format(TimeSpan duration)
    {
        var nanoseconds = duration.Ticks * NanosecondsPerTick;
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var magnitude = negative ? (ulong)-nanoseconds : (ulong)nanoseconds;
        var text = new StringBuilder();
        if (magnitude < Second)
        {
            // Below one second Go switches to the largest unit that keeps an integer part: ns, µs or ms.
            var (unit, digits) = magnitude switch
            {
                < Microsecond => ("ns", 0),
                < Millisecond => ("µs", 3),
                _ => ("ms", 6),
            };
            text.Append(WithFraction(magnitude, digits)).Append(unit);
        }
        else
        {
            var totalSeconds = magnitude / Second;
            var hours = totalSeconds / 3600;
            var minutes = totalSeconds / 60 % 60;
            if (hours > 0)
            {
                text.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
            }

            if (hours > 0 || minutes > 0)
            {
                text.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
            }

            text.Append(WithFraction((totalSeconds % 60 * Second) + (magnitude % Second), 9)).Append('s');
        }

        return negative ? "-" + text : text.ToString();
    }

    /// <summary>Parses <c>"1h30m"</c>, <c>"1.5s"</c>, <c>"250ms"</c>, <c>"0"</c>...; a bare number is Go's error case, not seconds.</summary>
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        var span = text.AsSpan();
        var negative = false;
        if (span[0] is '-' or '+')
        {
            negative = span[0] == '-';
            span = span[1..];
        }

        if (span is "0")
        {
            return true;
        }

        decimal total = 0;
        while (!span.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < span.Length && (char.IsAsciiDigit(span[numberLength]) || span[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0 || !decimal.TryParse(span[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            span = span[numberLength..];
            var unitLength = 0;
            while (unitLength < span.Length && !char.IsAsciiDigit(span[unitLength]) && span[unitLength] != '.')
            {
                unitLength++;
            }

            decimal? nanosecondsPerUnit = span[..unitLength] switch
            {
                "ns" => 1m,
                "us" or "µs" or "μs" => Microsecond,
                "ms" => Millisecond,
                "s" => Second,
                "m" => 60m * Second,
                "h" => 3600m * Second,
                _ => null,
            };
            if (nanosecondsPerUnit is not { } factor)
            {
                return false;
            }

            total += number * factor;
            span = span[unitLength..];
        }

        var ticks = total / NanosecondsPerTick;
        if (ticks > TimeSpan.MaxValue.Ticks)
        {
            return false;
        }

        duration = TimeSpan.FromTicks((long)(negative ? -ticks : ticks));
        return true;
    }

    /// <summary><paramref name="value"/> / 10^<paramref name="digits"/> with trailing zeros (and a bare point) removed.</summary>
    private static string WithFraction(ulong value, int digits)
    {
        var scale = (ulong)Math.Pow(10, digits);
        var integer = (value / scale).ToString(CultureInfo.InvariantCulture);
        var fraction = value % scale;
        if (fraction == 0)
        {
            return integer;
        }

        var fractionText = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return integer + "." + fractionText;
    }
}
