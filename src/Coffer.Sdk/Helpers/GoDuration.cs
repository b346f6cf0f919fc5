using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Coffer.Sdk.Helpers;

/// <summary>
/// Durations as Vault writes them: Go's <c>time.ParseDuration</c> syntax (<c>"1h30m"</c>, <c>"1.5s"</c>,
/// <c>"300ms"</c>), a bare integer meaning seconds (<c>"300"</c>), and a whole number of days (<c>"7d"</c>),
/// which Vault's own parser accepts as a convenience. Formatting produces the short form Vault prints
/// (<c>768h</c>, <c>30m</c>, <c>1h2m3s</c>, <c>0s</c>).
/// </summary>
/// <remarks>
/// Values are held in nanoseconds while parsing, like Go, so the accepted range is Go's
/// (about 292 years); the result is truncated to <see cref="TimeSpan"/>'s 100 ns resolution.
/// </remarks>
public static class GoDuration
{
    private const long NanosecondsPerTick = 100;
    private const long NanosecondsPerSecond = 1_000_000_000;

    /// <summary>Parses a duration; an empty string is zero, as in Vault's configuration and API parsing.</summary>
    /// <exception cref="FormatException">The text is not a duration.</exception>
    public static TimeSpan Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var value, out var error) ? value : throw new FormatException(error);
    }

    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value) => TryParse(text, out value, out _);

    /// <summary>Parses a duration, giving a reason when the text is not one.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (text is null)
        {
            error = "time: invalid duration (null)";
            return false;
        }

        if (text.Length == 0)
        {
            error = null;
            return true;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds))
        {
            return TryFromNanoseconds(seconds, NanosecondsPerSecond, text, out value, out error);
        }

        if (text.EndsWith('d') && long.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var days))
        {
            return TryFromNanoseconds(days, 86_400 * NanosecondsPerSecond, text, out value, out error);
        }

        if (!TryParseGo(text, out var nanoseconds, out error))
        {
            return false;
        }

        value = TimeSpan.FromTicks(nanoseconds / NanosecondsPerTick);
        return true;
    }

    /// <summary>Formats like Vault's CLI: Go's duration text without the zero minute and second parts.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var text = FormatGo(value);
        if (text.EndsWith("m0s", StringComparison.Ordinal))
        {
            text = text[..^2];
        }

        var zeroMinutes = text.IndexOf("h0m", StringComparison.Ordinal);
        if (zeroMinutes > 0)
        {
            text = string.Concat(text.AsSpan(0, zeroMinutes + 1), text.AsSpan(zeroMinutes + 3));
        }

        return text;
    }

    /// <summary>Formats exactly as Go's <c>time.Duration.String()</c> does (<c>768h0m0s</c>, <c>1.5s</c>, <c>300ms</c>).</summary>
    public static string FormatGo(TimeSpan value)
    {
        var nanoseconds = (Int128)value.Ticks * NanosecondsPerTick;
        if (nanoseconds == 0)
        {
            return "0s";
        }

        var negative = nanoseconds < 0;
        var magnitude = (UInt128)(negative ? -nanoseconds : nanoseconds);
        var builder = new StringBuilder();
        if (magnitude < NanosecondsPerSecond)
        {
            // Below one second Go switches to the largest sub-second unit that keeps an integer part.
            if (magnitude < 1_000)
            {
                builder.Append(magnitude.ToString(CultureInfo.InvariantCulture)).Append("ns");
            }
            else if (magnitude < 1_000_000)
            {
                AppendWithFraction(builder, magnitude, 3).Append("µs");
            }
            else
            {
                AppendWithFraction(builder, magnitude, 6).Append("ms");
            }
        }
        else
        {
            var totalSeconds = magnitude / NanosecondsPerSecond;
            var hours = totalSeconds / 3600;
            var minutes = totalSeconds / 60 % 60;
            if (hours > 0)
            {
                builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
            }

            if (hours > 0 || minutes > 0)
            {
                builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
            }

            var secondsPart = magnitude % (60 * NanosecondsPerSecond);
            AppendWithFraction(builder, secondsPart, 9).Append('s');
        }

        return negative ? "-" + builder : builder.ToString();
    }

    private static StringBuilder AppendWithFraction(StringBuilder builder, UInt128 value, int fractionDigits)
    {
        UInt128 divisor = 1;
        for (var i = 0; i < fractionDigits; i++)
        {
            divisor *= 10;
        }

        builder.Append((value / divisor).ToString(CultureInfo.InvariantCulture));
        var fraction = value % divisor;
        if (fraction != 0)
        {
            var digits = fraction.ToString(CultureInfo.InvariantCulture).PadLeft(fractionDigits, '0').TrimEnd('0');
            builder.Append('.').Append(digits);
        }

        return builder;
    }

    private static bool TryFromNanoseconds(long count, long unit, string text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        var nanoseconds = (Int128)count * unit;
        if (nanoseconds > long.MaxValue || nanoseconds < long.MinValue)
        {
            error = $"time: invalid duration \"{text}\"";
            return false;
        }

        value = TimeSpan.FromTicks((long)(nanoseconds / NanosecondsPerTick));
        error = null;
        return true;
    }

    /// <summary>Go's grammar: an optional sign, then one or more decimal numbers each followed by a unit.</summary>
    private static bool TryParseGo(string text, out long nanoseconds, [NotNullWhen(false)] out string? error)
    {
        nanoseconds = 0;
        error = $"time: invalid duration \"{text}\"";
        var s = text.AsSpan();
        var negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.SequenceEqual("0"))
        {
            error = null;
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        Int128 total = 0;
        while (!s.IsEmpty)
        {
            if (s[0] != '.' && !char.IsAsciiDigit(s[0]))
            {
                return false;
            }

            var integerDigits = CountDigits(s);
            if (!TryReadInteger(s[..integerDigits], out var whole))
            {
                return false;
            }

            s = s[integerDigits..];
            var fractionDigits = 0;
            var fraction = ReadOnlySpan<char>.Empty;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                fractionDigits = CountDigits(s);
                fraction = s[..fractionDigits];
                s = s[fractionDigits..];
            }

            if (integerDigits == 0 && fractionDigits == 0)
            {
                return false;
            }

            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength]))
            {
                unitLength++;
            }

            if (unitLength == 0)
            {
                error = $"time: missing unit in duration \"{text}\"";
                return false;
            }

            var unitText = s[..unitLength];
            s = s[unitLength..];
            if (!TryGetUnit(unitText, out var unit))
            {
                error = $"time: unknown unit \"{unitText}\" in duration \"{text}\"";
                return false;
            }

            total += whole * unit + FractionOfUnit(fraction, unit);
            if (total > long.MaxValue)
            {
                return false;
            }
        }

        nanoseconds = (long)(negative ? -total : total);
        error = null;
        return true;
    }

    private static int CountDigits(ReadOnlySpan<char> s)
    {
        var count = 0;
        while (count < s.Length && char.IsAsciiDigit(s[count]))
        {
            count++;
        }

        return count;
    }

    private static bool TryReadInteger(ReadOnlySpan<char> digits, out Int128 value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            value = value * 10 + (digit - '0');
            if (value > long.MaxValue)
            {
                return false;
            }
        }

        return true;
    }

    private static Int128 FractionOfUnit(ReadOnlySpan<char> fraction, long unit)
    {
        // Digits beyond the unit's nanosecond precision cannot change the result, so they are dropped.
        Int128 numerator = 0;
        Int128 scale = 1;
        foreach (var digit in fraction)
        {
            if (scale > unit)
            {
                break;
            }

            numerator = numerator * 10 + (digit - '0');
            scale *= 10;
        }

        return numerator * unit / scale;
    }

    private static bool TryGetUnit(ReadOnlySpan<char> unit, out long nanoseconds)
    {
        nanoseconds = unit switch
        {
            "ns" => 1,
            "us" or "µs" or "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => NanosecondsPerSecond,
            "m" => 60 * NanosecondsPerSecond,
            "h" => 3600 * NanosecondsPerSecond,
            _ => 0,
        };
        return nanoseconds != 0;
    }
}
