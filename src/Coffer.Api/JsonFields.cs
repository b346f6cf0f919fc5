using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Api;

/// <summary>
/// Tolerant readers for fields of server JSON. A missing field, a JSON null or a value of another type
/// yields the type's empty value instead of an exception, because the client must keep working when a
/// server adds, drops or retypes a field.
/// </summary>
public static class JsonFields
{
    public static string GetString(JsonObject? obj, string name) => GetStringOrNull(obj, name) ?? "";

    public static string? GetStringOrNull(JsonObject? obj, string name)
    {
        if (obj?[name] is not JsonValue value)
        {
            return null;
        }
        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
            _ => null,
        };
    }

    public static bool GetBool(JsonObject? obj, string name)
    {
        if (obj?[name] is not JsonValue value)
        {
            return false;
        }
        return value.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.String => bool.TryParse(value.GetValue<string>(), out var b) && b,
            _ => false,
        };
    }

    public static long GetInt64(JsonObject? obj, string name) => TryGetInt64(obj?[name], out var n) ? n : 0;

    /// <summary>Reads an integer from a JSON number (integral or not) or from a numeric string.</summary>
    public static bool TryGetInt64(JsonNode? node, out long result)
    {
        result = 0;
        if (node is not JsonValue value)
        {
            return false;
        }
        var text = value.GetValueKind() switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => value.GetValue<string>(),
            _ => null,
        };
        if (text is null)
        {
            return false;
        }
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out result))
        {
            return true;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && Math.Abs(d) < 9.2e18)
        {
            result = (long)d;
            return true;
        }
        return false;
    }

    /// <summary>A string array; null when the field is absent or JSON null (callers distinguish the two from empty).</summary>
    public static IReadOnlyList<string>? GetStringList(JsonObject? obj, string name)
    {
        if (obj?[name] is not JsonArray array)
        {
            return null;
        }
        var list = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            {
                list.Add(v.GetValue<string>());
            }
            else if (item is not null)
            {
                list.Add(item.ToJsonString());
            }
        }
        return list;
    }

    public static JsonObject? GetObject(JsonObject? obj, string name) => obj?[name] as JsonObject;
}
