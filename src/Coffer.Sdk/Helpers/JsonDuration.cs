using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Sdk.Helpers;

/// <summary>
/// A duration in a JSON request: a number of seconds or a duration string, both read by <see cref="GoDuration"/>, so
/// a number too large for a duration (Go's range, about 292 years) is unreadable rather than an overflow.
/// </summary>
public static class JsonDuration
{
    /// <summary>False for anything but a number or a string <see cref="GoDuration"/> accepts.</summary>
    public static bool TryRead(JsonNode? node, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        return node is JsonValue json && json.GetValueKind() switch
        {
            JsonValueKind.Number => GoDuration.TryParse(json.ToJsonString(), out value),
            JsonValueKind.String => GoDuration.TryParse(json.GetValue<string>(), out value),
            _ => false,
        };
    }
}
