using System.Text.Json.Nodes;

namespace Coffer.Cli.Commands.Secrets;

/// <summary>Mount options are a string map on the wire; sorted for stable requests.</summary>
internal static class MountOptions
{
    public static JsonObject ToJson(IReadOnlyDictionary<string, string> options) =>
        new(options.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
}
