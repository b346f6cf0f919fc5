using System.Text.Json;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The format numbers of the KV engine's stored records.</summary>
internal static class KvStoredFormat
{
    /// <summary>
    /// Refuses a record written by a newer build: it may hold fields or meanings this one cannot see, and acting on
    /// half of it (then writing it back) would lose the rest.
    /// </summary>
    public static void EnsureReadable(int format, int current, string record)
    {
        if (format > current)
        {
            throw new JsonException($"{record} in format {format} was written by a newer version; this one reads up to format {current}");
        }
    }
}
