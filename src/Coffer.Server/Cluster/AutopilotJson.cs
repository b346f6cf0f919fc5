using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Coffer.Raft.Autopilot;

namespace Coffer.Server.Cluster;

/// <summary>The autopilot state as Vault writes it: field names from the state's attributes, times in RFC 3339 UTC.</summary>
internal static class AutopilotJson
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new UtcTimeConverter() } };

    public static JsonObject Serialize(AutopilotState state) =>
        JsonSerializer.SerializeToNode(state, Options) as JsonObject ?? throw new InvalidOperationException("autopilot state did not serialize to an object");

    private sealed class UtcTimeConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString() ?? string.Empty, CultureInfo.InvariantCulture);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
    }
}
