using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Helpers;

namespace Coffer.Server.Http;

/// <summary>
/// The JSON body of a raw sys handler. Keys match case-insensitively, as Go's untagged struct decoding does.
/// </summary>
internal sealed class RawBody
{
    private readonly Dictionary<string, JsonNode?> _values;

    private RawBody(Dictionary<string, JsonNode?> values) => _values = values;

    public static async Task<RawBody> ReadAsync(HttpContext context)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
        var request = await RequestParser.ParseAsync(context, string.Empty, context.RequestAborted).ConfigureAwait(false);
        foreach (var (key, value) in request.Data)
        {
            values[key] = value;
        }

        return new RawBody(values);
    }

    public bool Has(string key) => _values.TryGetValue(key, out var value) && value is not null;

    public string String(string key) => _values.GetValueOrDefault(key) switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw CofferException.BadRequest($"'{key}' must be a string"),
    };

    public long Int(string key) => _values.GetValueOrDefault(key) switch
    {
        null => 0,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v when v.TryGetValue<double>(out var d) && d == Math.Floor(d) => (long)d,
        _ => throw CofferException.BadRequest($"'{key}' must be an integer"),
    };

    public bool Bool(string key) => _values.GetValueOrDefault(key) switch
    {
        null => false,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && GoBool.TryParse(v.GetValue<string>(), out var b) => b,
        _ => throw CofferException.BadRequest($"'{key}' must be a boolean"),
    };
}
