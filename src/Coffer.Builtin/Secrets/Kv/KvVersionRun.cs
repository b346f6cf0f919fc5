using System.Text.Json;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Format 3's layout of a key's versions: one array <c>[first, origin, state of first, state of first + 1, ...]</c>,
/// where a state is <see cref="KvVersionState"/>'s short array with its times written as ticks before
/// <c>origin</c> (the newest creation time), and a version missing from the window is <c>null</c>.
/// </summary>
/// <remarks>
/// Every KV v2 write rewrites all of its key's versions (ten by default), and what it writes goes to the Raft log of
/// every node, to snapshots and down the DR stream. A version's number is implied by its place, and a key written
/// every few seconds has states such as <c>[21500000]</c> (11 bytes) where format 2 wrote
/// <c>"1225":[17669124451234567]</c> (27): ten versions of such a key take about 125 bytes instead of 250. A key's
/// versions are a contiguous window, so gaps are rare; a map with more gaps than versions keeps format 2's object
/// (<see cref="KvVersionsConverter"/>), which format 3 still allows.
/// </remarks>
internal static class KvVersionRun
{
    /// <summary>Whether the versions are dense enough to write as a run (an empty map is shorter as <c>{}</c>).</summary>
    public static bool Fits(Dictionary<long, KvVersionMetadata> versions)
    {
        if (versions.Count == 0)
        {
            return false;
        }

        var (first, last) = Range(versions);
        return (Int128)last - first + 1 <= (versions.Count * 2L) + 2;
    }

    public static void Write(Utf8JsonWriter writer, Dictionary<long, KvVersionMetadata> versions)
    {
        var (first, last) = Range(versions);
        var origin = long.MinValue;
        foreach (var state in versions.Values)
        {
            origin = Math.Max(origin, KvStoredTimeConverter.ToTicks(state.CreatedTime));
        }

        writer.WriteStartArray();
        writer.WriteNumberValue(first);
        writer.WriteNumberValue(origin);
        // Counted, not compared with last: a run may end at the largest version number.
        for (long offset = 0; offset <= last - first; offset++)
        {
            if (versions.TryGetValue(first + offset, out var state))
            {
                KvVersionState.Write(writer, state, origin);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads the run whose opening bracket the reader is on.</summary>
    public static Dictionary<long, KvVersionMetadata> Read(ref Utf8JsonReader reader)
    {
        var first = Number(ref reader);
        var origin = Number(ref reader);
        if (!KvStoredTimeConverter.InRange(origin))
        {
            throw new JsonException("a run's origin must be a time within the calendar's range");
        }

        var versions = new Dictionary<long, KvVersionMetadata>();
        var version = (Int128)first;
        for (KvVersionState.Advance(ref reader); reader.TokenType != JsonTokenType.EndArray; KvVersionState.Advance(ref reader), version++)
        {
            if (version > long.MaxValue)
            {
                throw new JsonException("a run of versions goes past the largest version number");
            }

            if (reader.TokenType == JsonTokenType.StartArray)
            {
                versions[(long)version] = KvVersionState.Read(ref reader, origin);
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                throw new JsonException("a run of versions holds version states and nulls");
            }
        }

        return versions;
    }

    private static long Number(ref Utf8JsonReader reader)
    {
        KvVersionState.Advance(ref reader);
        return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value)
            ? value
            : throw new JsonException("a run of versions starts with its first version number and its origin time");
    }

    private static (long First, long Last) Range(Dictionary<long, KvVersionMetadata> versions)
    {
        var (first, last) = (long.MaxValue, long.MinValue);
        foreach (var version in versions.Keys)
        {
            first = Math.Min(first, version);
            last = Math.Max(last, version);
        }

        return (first, last);
    }
}
