using System.Text.Json.Nodes;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The shape of a secret without its values: every leaf, and every empty object, becomes null.</summary>
internal static class KvSubkeys
{
    /// <summary>Vault's own bound on the walk, which also applies when no depth is asked for.</summary>
    public const int MaxDepth = 100;

    /// <summary>
    /// Strips <paramref name="data"/>. With a <paramref name="depth"/> above 0, objects at that depth count as
    /// leaves, so nothing below it is shown.
    /// </summary>
    public static JsonObject Strip(JsonObject data, long depth) => Walk(data, 1, depth > 0 ? Math.Min(depth, MaxDepth) : MaxDepth);

    private static JsonObject Walk(JsonObject node, long level, long limit)
    {
        var result = new JsonObject();
        foreach (var (key, value) in node)
        {
            result[key] = value is JsonObject { Count: > 0 } child && level + 1 <= limit ? Walk(child, level + 1, limit) : null;
        }

        return result;
    }
}
