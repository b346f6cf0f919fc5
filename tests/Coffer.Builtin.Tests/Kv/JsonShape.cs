using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>
/// Compares a response with the shape of a documented example: the same keys at every level, each value of the
/// same JSON kind, arrays of the same length, and every non-empty <c>*_time</c> an RFC 3339 UTC timestamp.
/// </summary>
internal static partial class JsonShape
{
    public static void AssertMatches(string documented, JsonNode? actual) => Compare(JsonNode.Parse(documented), actual, "$");

    private static void Compare(JsonNode? expected, JsonNode? actual, string where)
    {
        Assert.True(Kind(expected) == Kind(actual), $"{where}: documented as {Kind(expected)}, answered {Kind(actual)}");
        switch (expected)
        {
            case JsonObject expectedObject:
                var actualObject = actual!.AsObject();
                Assert.Equal(
                    expectedObject.Select(p => p.Key).Order(StringComparer.Ordinal),
                    actualObject.Select(p => p.Key).Order(StringComparer.Ordinal));
                foreach (var (key, value) in expectedObject)
                {
                    Compare(value, actualObject[key], where + "." + key);
                    if (key.EndsWith("_time", StringComparison.Ordinal) && actualObject[key] is JsonValue time && time.GetValue<string>() is { Length: > 0 } text)
                    {
                        Assert.Matches(Rfc3339Utc(), text);
                    }
                }

                break;
            case JsonArray expectedArray:
                var actualArray = actual!.AsArray();
                Assert.Equal(expectedArray.Count, actualArray.Count);
                for (var i = 0; i < expectedArray.Count; i++)
                {
                    Compare(expectedArray[i], actualArray[i], $"{where}[{i}]");
                }

                break;
        }
    }

    private static string Kind(JsonNode? node) => node switch
    {
        null => "null",
        JsonObject => "object",
        JsonArray => "array",
        _ => node.GetValueKind() switch
        {
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => "number",
            JsonValueKind.String => "string",
            var other => other.ToString(),
        },
    };

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z$")]
    private static partial Regex Rfc3339Utc();
}
