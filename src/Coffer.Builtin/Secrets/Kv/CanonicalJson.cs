using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Secret data written with every object's keys in ordinal order. Vault's KV engine round-trips data through Go
/// maps, so its responses always list keys sorted; storing them sorted gives the same bytes on the wire. The data is
/// written in that order as it is serialised rather than copied into a sorted tree first: a write then costs no
/// second copy of the secret.
/// </summary>
internal static class CanonicalJson
{
    public static byte[] ToUtf8Bytes(JsonObject value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value, options: null);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, JsonNode? node, JsonSerializerOptions? options)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                WriteObject(writer, obj, options);
                break;
            case JsonArray array:
                writer.WriteStartArray();
                for (var i = 0; i < array.Count; i++)
                {
                    Write(writer, array[i], options);
                }

                writer.WriteEndArray();
                break;
            default:
                node.WriteTo(writer, options);
                break;
        }
    }

    private static void WriteObject(Utf8JsonWriter writer, JsonObject obj, JsonSerializerOptions? options)
    {
        writer.WriteStartObject();
        if (IsSorted(obj))
        {
            // The usual case (clients send few keys, often sorted): no buffer for the order.
            for (var i = 0; i < obj.Count; i++)
            {
                WriteProperty(writer, obj.GetAt(i), options);
            }
        }
        else
        {
            var properties = new KeyValuePair<string, JsonNode?>[obj.Count];
            for (var i = 0; i < properties.Length; i++)
            {
                properties[i] = obj.GetAt(i);
            }

            Array.Sort(properties, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
            foreach (var property in properties)
            {
                WriteProperty(writer, property, options);
            }
        }

        writer.WriteEndObject();
    }

    private static void WriteProperty(Utf8JsonWriter writer, KeyValuePair<string, JsonNode?> property, JsonSerializerOptions? options)
    {
        writer.WritePropertyName(property.Key);
        Write(writer, property.Value, options);
    }

    private static bool IsSorted(JsonObject obj)
    {
        for (var i = 1; i < obj.Count; i++)
        {
            if (string.CompareOrdinal(obj.GetAt(i - 1).Key, obj.GetAt(i).Key) > 0)
            {
                return false;
            }
        }

        return true;
    }
}
