using System.Text.Json;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// One version's state as stored: <c>[created]</c>, <c>[created, deletion]</c>, or <c>[created, deletion or null, true]</c>
/// once destroyed. Times are ticks since the Unix epoch (format 2, <see cref="KvStoredTimeConverter"/>) or, inside a
/// run of versions (format 3, <see cref="KvVersionRun"/>), ticks before the run's origin: <c>origin - time</c>.
/// </summary>
internal static class KvVersionState
{
    public static void Write(Utf8JsonWriter writer, KvVersionMetadata state, long? origin)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(Encode(state.CreatedTime, origin));
        if (state.DeletionTime is { } deletion)
        {
            writer.WriteNumberValue(Encode(deletion, origin));
        }
        else if (state.Destroyed)
        {
            writer.WriteNullValue();
        }

        if (state.Destroyed)
        {
            writer.WriteBooleanValue(true);
        }

        writer.WriteEndArray();
    }

    /// <summary>Reads the state whose opening bracket the reader is on.</summary>
    public static KvVersionMetadata Read(ref Utf8JsonReader reader, long? origin)
    {
        Advance(ref reader);
        var state = new KvVersionMetadata { CreatedTime = Time(ref reader, origin) ?? throw Malformed() };
        Advance(ref reader);
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            state.DeletionTime = Time(ref reader, origin);
            Advance(ref reader);
            if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
            {
                state.Destroyed = reader.GetBoolean();
                Advance(ref reader);
            }

            if (reader.TokenType != JsonTokenType.EndArray)
            {
                throw Malformed();
            }
        }

        return state;
    }

    public static void Advance(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw Malformed();
        }
    }

    // Both stored times lie within the calendar's range, so their difference always fits a long.
    private static long Encode(DateTimeOffset time, long? origin) =>
        origin is { } from ? from - KvStoredTimeConverter.ToTicks(time) : KvStoredTimeConverter.ToTicks(time);

    private static DateTimeOffset? Time(ref Utf8JsonReader reader, long? origin)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when origin is null:
                return KvStoredTimeConverter.FromTicks(ref reader);
            case JsonTokenType.Number when reader.TryGetInt64(out var before):
                // Computed in 128 bits: a damaged record may hold any two longs.
                return KvStoredTimeConverter.FromTicks((Int128)origin.Value - before);
            default:
                throw Malformed();
        }
    }

    private static JsonException Malformed() =>
        new("a version's state must be [created], [created, deletion] or [created, deletion or null, destroyed]");
}
