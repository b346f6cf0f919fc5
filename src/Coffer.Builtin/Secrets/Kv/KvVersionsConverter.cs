using System.Buffers.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// The versions of a <see cref="KvKeyMetadata"/>, in the same JSON as the serializer's own dictionary handling
/// (<c>{"1": {...}, "2": {...}}</c>), with each version read and written by its generated code. The serializer's
/// dictionary path keeps a frame stack for every version it enters; every KV write reads and writes this map once,
/// and that bookkeeping was a visible share of the write's time and allocations.
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
            versions[version] = JsonSerializer.Deserialize(ref reader, KvJsonContext.Default.KvVersionMetadata)!;
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
            JsonSerializer.Serialize(writer, state, KvJsonContext.Default.KvVersionMetadata);
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
