using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>Writes a stored object through <see cref="CanonicalJson"/> (keys sorted); reads it as any JSON object.</summary>
internal sealed class CanonicalJsonObjectConverter : JsonConverter<JsonObject>
{
    public override JsonObject? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        JsonMetadataServices.JsonObjectConverter.Read(ref reader, typeToConvert, options);

    public override void Write(Utf8JsonWriter writer, JsonObject value, JsonSerializerOptions options) =>
        CanonicalJson.Write(writer, value, options);
}
