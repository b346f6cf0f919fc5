using System.Text.Json.Nodes;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Secret data with every object's keys in ordinal order. Vault's KV engine round-trips data through Go maps,
/// so its responses always list keys sorted; storing them sorted gives the same bytes on the wire.
/// </summary>
internal static class CanonicalJson
{
    public static JsonObject Sorted(JsonObject value) => (JsonObject)SortedNode(value)!;

    private static JsonNode? SortedNode(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj
            .OrderBy(property => property.Key, StringComparer.Ordinal)
            .Select(property => KeyValuePair.Create(property.Key, SortedNode(property.Value)))),
        JsonArray array => new JsonArray(array.Select(SortedNode).ToArray()),
        _ => node?.DeepClone(),
    };
}
