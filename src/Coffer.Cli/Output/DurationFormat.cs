using System.Globalization;
using System.Text;

namespace Coffer.Cli.Output;

/// <summary>
/// Duration text as Go prints it (<c>1h2m3s</c>, <c>500ms</c>) and the CLI's shortened form that drops
/// zero minutes and seconds (<c>768h</c>, <c>30m</c>, <c>1h5s</c>). Kept inside the CLI on purpose:
/// the output format is a CLI contract, not a library one.
/// </summary>
internal static class DurationFormat
{
    private const long NanosPerMicro = 1_000;
    private const long NanosPerMilli = 1_000_000;
    private const long NanosPerSecond = 1_000_000_000;

    /// <summary>Humanized text of a whole number of seconds, as used for TTL-like values in tables.</summary>
    public static string HumanizeSeconds(long seconds) => Humanize((Int128)seconds * NanosPerSecond);

    public static string Humanize(TimeSpan duration) => Humanize((Int128)duration.Ticks * 100);

    /// <summary>Exactly Go's <c>time.Duration.String()</c>.</summary>
    public static string GoString(TimeSpan duration) => GoString((Int128)duration.Ticks * 100);

    private static string Humanize(Int128 nanos)
    {
        if (nanos == 0)
        {
            return "0s";
        }
        var text = GoString(nanos);
        if (text.EndsWith("m0s", StringComparison.Ordinal))
        {
            text = text[..^2];
        }
        var index = text.IndexOf("h0m", StringComparison.Ordinal);
        if (index > 0)
        {
            text = text[..(index + 1)] + text[(index + 3)..];
        }
        return text;
    }

    private static string GoString(Int128 nanos)
    {
        var negative = nanos < 0;
        var u = negative ? -nanos : nanos;
        var sb = new StringBuilder();
        if (negative)
        {
            sb.Append('-');
        }
        if (u < NanosPerSecond)
        {
            if (u == 0)
            {
                return "0s";
            }
            if (u < NanosPerMicro)
            {
                return sb.Append(u.ToString(CultureInfo.InvariantCulture)).Append("ns").ToString();
            }
            if (u < NanosPerMilli)
            {
                return sb.Append(Fraction(u, NanosPerMicro, 3)).Append("µs").ToString();
            }
            return sb.Append(Fraction(u, NanosPerMilli, 6)).Append("ms").ToString();
        }

        var totalSeconds = u / NanosPerSecond;
        var secondsText = Fraction(u % (60 * (Int128)NanosPerSecond), NanosPerSecond, 9) + "s";
        if (totalSeconds < 60)
        {
            return sb.Append(secondsText).ToString();
        }
        var totalMinutes = totalSeconds / 60;
        var minutesText = (totalMinutes % 60).ToString(CultureInfo.InvariantCulture) + "m";
        if (totalMinutes < 60)
        {
            return sb.Append(minutesText).Append(secondsText).ToString();
        }
        var hours = totalMinutes / 60;
        return sb.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h').Append(minutesText).Append(secondsText).ToString();
    }

    /// <summary>value/unit with up to <paramref name="digits"/> fractional digits, trailing zeros dropped.</summary>
    private static string Fraction(Int128 value, long unit, int digits)
    {
        var whole = (value / unit).ToString(CultureInfo.InvariantCulture);
        var rest = value % unit;
        if (rest == 0)
        {
            return whole;
        }
        var fraction = rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return whole + "." + fraction;
    }
}
