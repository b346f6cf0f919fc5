using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Helpers;

namespace Coffer.Sdk.Framework;

/// <summary>
/// The request's fields, typed by the path's schema. Values were validated when this was built, so the
/// getters only convert; a mistyped value was already refused with a 400 naming the field.
/// </summary>
public sealed class FieldData
{
    private readonly IReadOnlyDictionary<string, FieldSchema> _schema;
    private readonly JsonObject _input;
    private readonly IReadOnlyDictionary<string, string> _captures;

    // The merged copy of input and captures, made on first need: most requests only read scalars, which the
    // getters take from the input and captures directly, so a request's data is not copied twice (existence
    // check, handler) just to be looked at.
    private JsonObject? _values;

    private FieldData(IReadOnlyDictionary<string, FieldSchema> schema, JsonObject input, IReadOnlyDictionary<string, string> captures)
    {
        _schema = schema;
        _input = input;
        _captures = captures;
    }

    /// <summary>
    /// All raw input (path captures included), for handlers that take free-form data: a copy, so a handler may
    /// change it or attach its parts elsewhere without touching the request.
    /// </summary>
    public JsonObject Raw => _values ??= Merge(_input, _captures);

    /// <summary>The path's fields by name, as <see cref="Create(IReadOnlyDictionary{string, FieldSchema}, JsonObject, IReadOnlyDictionary{string, string}, bool)"/> takes them.</summary>
    public static Dictionary<string, FieldSchema> SchemaOf(IReadOnlyList<FieldSchema> fields) =>
        fields.ToDictionary(f => f.Name, StringComparer.Ordinal);

    /// <summary>
    /// Builds the field data from body/query data and path captures (captures win), checking every value
    /// against its declared type. Unknown fields are refused unless <paramref name="acceptUnknown"/>.
    /// </summary>
    public static FieldData Create(IReadOnlyList<FieldSchema> fields, JsonObject input, IReadOnlyDictionary<string, string> captures, bool acceptUnknown) =>
        Create(SchemaOf(fields), input, captures, acceptUnknown);

    /// <inheritdoc cref="Create(IReadOnlyList{FieldSchema}, JsonObject, IReadOnlyDictionary{string, string}, bool)"/>
    /// <param name="schema">The fields by name (<see cref="SchemaOf"/>), built once per path rather than per request.</param>
    public static FieldData Create(IReadOnlyDictionary<string, FieldSchema> schema, JsonObject input, IReadOnlyDictionary<string, string> captures, bool acceptUnknown)
    {
        for (var i = 0; i < input.Count; i++)
        {
            var (key, value) = input.GetAt(i);
            if (schema.TryGetValue(key, out var field))
            {
                Validate(field, value);
            }
            else if (!acceptUnknown)
            {
                throw CofferException.BadRequest($"unrecognized parameter \"{key}\"");
            }
        }

        return new FieldData(schema, input, captures);
    }

    public bool IsSet(string name) => Lookup(name) is not null;

    public string GetString(string name)
    {
        if (_values is null && _captures.TryGetValue(name, out var capture))
        {
            return capture;
        }

        var node = ValueOrDefault(name);
        return node switch
        {
            null => string.Empty,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            _ => node.ToJsonString(),
        };
    }

    public long GetInt(string name) => ValueOrDefault(name) is { } node ? ToInt(name, node) : 0;

    public bool GetBool(string name) => ValueOrDefault(name) is { } node && ToBool(name, node);

    public TimeSpan GetDuration(string name) => ValueOrDefault(name) is { } node ? ToDuration(name, node) : TimeSpan.Zero;

    public IReadOnlyList<string> GetStringList(string name) => ValueOrDefault(name) is { } node ? ToStringList(node) : [];

    /// <summary>The field's object, from the same copy as <see cref="Raw"/> (the request's own nodes are never handed out).</summary>
    public JsonObject? GetMap(string name) =>
        (Raw.TryGetPropertyValue(name, out var node) && node is not null ? node : DefaultOf(name)) as JsonObject;

    public IReadOnlyDictionary<string, string> GetStringMap(string name)
    {
        var node = ValueOrDefault(name);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    result[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? string.Empty;
                }

                break;
            case JsonArray or JsonValue:
                foreach (var pair in ToStringList(node))
                {
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        result[pair[..eq]] = pair[(eq + 1)..];
                    }
                }

                break;
        }

        return result;
    }

    private JsonNode? ValueOrDefault(string name) => Lookup(name) ?? DefaultOf(name);

    private JsonNode? DefaultOf(string name) => _schema.TryGetValue(name, out var field) ? field.Default : null;

    // The field's value, or null when unset (or set to JSON null). Getters only read what this returns.
    private JsonNode? Lookup(string name)
    {
        if (_values is not null)
        {
            return _values.TryGetPropertyValue(name, out var merged) ? merged : null;
        }

        if (_captures.TryGetValue(name, out var capture))
        {
            return JsonValue.Create(capture);
        }

        return _input.TryGetPropertyValue(name, out var node) ? node : null;
    }

    private static JsonObject Merge(JsonObject input, IReadOnlyDictionary<string, string> captures)
    {
        var values = new JsonObject();
        for (var i = 0; i < input.Count; i++)
        {
            var (key, value) = input.GetAt(i);
            values[key] = value?.DeepClone();
        }

        foreach (var (key, value) in captures)
        {
            values[key] = value;
        }

        return values;
    }

    private static void Validate(FieldSchema field, JsonNode? value)
    {
        if (value is null)
        {
            return;
        }

        switch (field.Type)
        {
            case FieldType.Int:
                ToInt(field.Name, value);
                break;
            case FieldType.Bool:
                ToBool(field.Name, value);
                break;
            case FieldType.Duration:
                ToDuration(field.Name, value);
                break;
            case FieldType.String when value is not JsonValue:
                throw Mistyped(field.Name, "a string");
            case FieldType.StringList when value is JsonObject:
                throw Mistyped(field.Name, "a list of strings or a comma-separated string");
            case FieldType.Map when value is not JsonObject:
                throw Mistyped(field.Name, "an object");
            case FieldType.StringMap when value is JsonValue v && v.GetValueKind() != JsonValueKind.String:
                throw Mistyped(field.Name, "an object of strings");
        }
    }

    private static long ToInt(string name, JsonNode node)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                // Read the number from its JSON text: values built in code (an int) and parsed ones behave alike.
                case JsonValueKind.Number when long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l):
                    return l;
                case JsonValueKind.Number when double.TryParse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && Math.Abs(d) < long.MaxValue:
                    return (long)d;
                case JsonValueKind.String when long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
            }
        }

        throw Mistyped(name, "an integer");
    }

    private static bool ToBool(string name, JsonNode node)
    {
        if (node is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                case JsonValueKind.True:
                    return true;
                case JsonValueKind.False:
                    return false;
                case JsonValueKind.String when GoBool.TryParse(value.GetValue<string>(), out var parsed):
                    return parsed;
                case JsonValueKind.Number when value.TryGetValue<long>(out var number) && number is 0 or 1:
                    return number == 1;
            }
        }

        throw Mistyped(name, "a boolean");
    }

    private static TimeSpan ToDuration(string name, JsonNode node)
    {
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0)
        {
            return TimeSpan.Zero;
        }

        return JsonDuration.TryRead(node, out var duration)
            ? duration
            : throw Mistyped(name, "a duration (such as \"30s\", \"1h\" or a number of seconds)");
    }

    private static List<string> ToStringList(JsonNode node) => node switch
    {
        JsonArray array => array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : item?.ToJsonString() ?? string.Empty).ToList(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String =>
            v.GetValue<string>().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
        _ => [node.ToJsonString()],
    };

    private static CofferException Mistyped(string name, string expected) =>
        CofferException.BadRequest($"error converting input for field \"{name}\": expected {expected}");
}
