using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// The versions of a <see cref="KvKeyMetadata"/>. Format 3 writes them as a run (<see cref="KvVersionRun"/>). Format 2
/// wrote an object keyed by version number whose values are short arrays of ticks (<see cref="KvVersionState"/>), about
/// 25 bytes a version against 75 for format 1's objects (<c>{"created_time": "...", "deletion_time": "...",
/// "destroyed": false}</c>); both still read, and format 3 keeps the object for an empty or sparse map.
/// </summary>
internal sealed class KvVersionsConverter : JsonConverter<Dictionary<long, KvVersionMetadata>>
{
    public override Dictionary<long, KvVersionMetadata>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            return KvVersionRun.Read(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the versions of a key must be a run (JSON array) or a JSON object");
        }

        var versions = new Dictionary<long, KvVersionMetadata>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var version = VersionNumber(ref reader);
            reader.Read();
            versions[version] = reader.TokenType == JsonTokenType.StartArray
                ? KvVersionState.Read(ref reader, origin: null)
                : JsonSerializer.Deserialize(ref reader, KvJsonContext.Default.KvVersionMetadata)
                  ?? throw new JsonException("a version's state must not be null");
        }

        return versions;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<long, KvVersionMetadata> value, JsonSerializerOptions options)
    {
        if (KvVersionRun.Fits(value))
        {
            KvVersionRun.Write(writer, value);
            return;
        }

        writer.WriteStartObject();
        Span<byte> name = stackalloc byte[20];
        foreach (var (version, state) in value)
        {
            Utf8Formatter.TryFormat(version, name, out var length);
            writer.WritePropertyName(name[..length]);
            KvVersionState.Write(writer, state, origin: null);
        }

        writer.WriteEndObject();
    }

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
