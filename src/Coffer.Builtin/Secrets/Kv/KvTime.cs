using System.Globalization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>Timestamps and durations written the way Vault's KV engine writes them (Go formatting).</summary>
internal static class KvTime
{
    /// <summary>
    /// RFC 3339 in UTC with the fraction trimmed of trailing zeros (Go's RFC3339Nano), or "" when absent.
    /// .NET keeps 100 ns, so at most seven fraction digits appear.
    /// </summary>
    public static string Format(DateTimeOffset? time) =>
        time is { } value
            ? value.UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : string.Empty;

    /// <summary>A whole number of seconds as Go's <c>Duration.String</c> prints it: <c>0s</c>, <c>45s</c>, <c>1m0s</c>, <c>3h25m19s</c>, <c>-1s</c>.</summary>
    public static string GoDurationString(long seconds)
    {
        if (seconds == 0)
        {
            return "0s";
        }

        var sign = seconds < 0 ? "-" : string.Empty;
        var rest = Math.Abs(seconds);
        var hours = rest / 3600;
        var minutes = rest % 3600 / 60;
        var secs = rest % 60;
        var text = hours > 0
            ? $"{hours}h{minutes}m{secs}s"
            : minutes > 0 ? $"{minutes}m{secs}s" : $"{secs}s";
        return sign + text;
    }
}
