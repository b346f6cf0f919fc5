using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// The versions of a <see cref="KvKeyMetadata"/>: an object keyed by version number whose values are short arrays
/// (format 2): <c>[created]</c>, <c>[created, deletion]</c>, or <c>[created, deletion or null, true]</c> once destroyed,
/// times as ticks (<see cref="KvStoredTimeConverter"/>). A key keeps up to ten versions by default and every write
/// rewrites all of them, so this form (about 25 bytes a version, against 75 for an object of ISO-8601 strings) is most
/// of what keeps a KV write small in the Raft log. Format 1's objects
/// (<c>{"created_time": "...", "deletion_time": "...", "destroyed": false}</c>) still read.
/// </summary>
internal sealed class KvVersionsConverter : JsonConverter<Dictionary<long, KvVersionMetadata>>
{
    public override Dictionary<long, KvVersionMetadata>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the versions of a key must be a JSON object");
        }

        var versions = new Dictionary<long, KvVersionMetadata>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var version = VersionNumber(ref reader);
            reader.Read();
            versions[version] = reader.TokenType == JsonTokenType.StartArray
                ? ReadCompact(ref reader)
                : JsonSerializer.Deserialize(ref reader, KvJsonContext.Default.KvVersionMetadata)
                  ?? throw new JsonException("a version's state must not be null");
        }

        return versions;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<long, KvVersionMetadata> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        Span<byte> name = stackalloc byte[20];
        foreach (var (version, state) in value)
        {
            Utf8Formatter.TryFormat(version, name, out var length);
            writer.WritePropertyName(name[..length]);
            writer.WriteStartArray();
            writer.WriteNumberValue(KvStoredTimeConverter.ToTicks(state.CreatedTime));
            if (state.DeletionTime is { } deletion)
            {
                writer.WriteNumberValue(KvStoredTimeConverter.ToTicks(deletion));
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

        writer.WriteEndObject();
    }

    // [created], [created, deletion] or [created, deletion or null, destroyed]; the reader is on the opening bracket.
    private static KvVersionMetadata ReadCompact(ref Utf8JsonReader reader)
    {
        Advance(ref reader);
        var state = new KvVersionMetadata { CreatedTime = Time(ref reader) ?? throw Malformed() };
        Advance(ref reader);
        if (reader.TokenType != JsonTokenType.EndArray)
        {
            state.DeletionTime = Time(ref reader);
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

    private static void Advance(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw Malformed();
        }
    }

    private static DateTimeOffset? Time(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Number => KvStoredTimeConverter.FromTicks(ref reader),
        JsonTokenType.Null => null,
        _ => throw Malformed(),
    };

    private static JsonException Malformed() =>
        new("a version's state must be [created], [created, deletion] or [created, deletion or null, destroyed]");

    // As the serializer reads an integer key: the whole name, unescaped, is the number.
    private static long VersionNumber(ref Utf8JsonReader reader)
    {
        const int longest = 32;
        var length = reader.HasValueSequence ? reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (length <= longest)
        {
            Span<byte> buffer = stackalloc byte[longest];
            var name = reader.ValueIsEscaped || reader.HasValueSequence ? buffer[..reader.CopyString(buffer)] : reader.ValueSpan;
            if (Utf8Parser.TryParse(name, out long version, out var consumed) && consumed == name.Length)
            {
                return version;
            }
        }

        throw new JsonException("a version number must be an integer");
    }
}
