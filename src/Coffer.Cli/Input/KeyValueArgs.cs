using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Cli.Output;

namespace Coffer.Cli.Input;

/// <summary>
/// Builds request data from <c>K=V</c> arguments, as <c>write</c>, <c>read</c> and <c>kv put</c> take them:
/// <list type="bullet">
/// <item><c>k=v</c> a string value; <c>k=@file</c> the file's content; <c>k=\@x</c> the literal <c>@x</c>;
/// <c>k=-</c> standard input;</item>
/// <item><c>@file.json</c> and <c>-</c> (alone) merge a JSON object from the file or standard input;</item>
/// <item>a repeated key collects its values in a list.</item>
/// </list>
/// Standard input can be consumed only once.
/// </summary>
internal sealed class KeyValueArgs
{
    private readonly TextReader _stdin;
    private readonly JsonObject _result = [];
    private bool _stdinConsumed;

    private KeyValueArgs(TextReader stdin) => _stdin = stdin;

    /// <exception cref="FormatException">An argument that cannot be read; the message names it.</exception>
    public static JsonObject Parse(IEnumerable<string> args, TextReader stdin)
    {
        var builder = new KeyValueArgs(stdin);
        foreach (var arg in args)
        {
            try
            {
                builder.Add(arg);
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or JsonException)
            {
                throw new FormatException($"Invalid key/value pair '{arg}': {ex.Message}", ex);
            }
        }
        return builder._result;
    }

    /// <summary>The same arguments as query parameters (every value as a string, lists expanded).</summary>
    public static List<KeyValuePair<string, string>> ParseQuery(IEnumerable<string> args, TextReader stdin)
    {
        var query = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in Parse(args, stdin))
        {
            var items = value is JsonArray array ? array.ToArray() : [value];
            foreach (var item in items)
            {
                query.Add(KeyValuePair.Create(key, AsQueryString(key, item)));
            }
        }
        return query;
    }

    private static string AsQueryString(string key, JsonNode? item) => item switch
    {
        JsonObject => throw new FormatException($"failed to convert values to strings: '{key}' holds an object"),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "1",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "0",
        null => "",
        _ => GoFormat.Value(item),
    };

    private void Add(string raw)
    {
        if (raw.Length == 0)
        {
            return;
        }
        var equals = raw.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
        {
            if (raw == "-")
            {
                MergeJson(ReadStdin());
                return;
            }
            if (raw[0] == '@')
            {
                MergeJson(File.ReadAllText(raw[1..]));
                return;
            }
            throw new FormatException("format must be key=value");
        }

        var key = raw[..equals];
        var value = raw[(equals + 1)..];
        if (value.StartsWith('@'))
        {
            value = ReadFile(value[1..]);
        }
        else if (value.StartsWith("\\@", StringComparison.Ordinal))
        {
            value = value[1..];
        }
        else if (value == "-")
        {
            value = ReadStdin();
        }

        if (_result.TryGetPropertyValue(key, out var existing))
        {
            var list = existing is JsonArray array ? (JsonArray)array.DeepClone() : new JsonArray(existing?.DeepClone());
            list.Add(value);
            _result[key] = list;
            return;
        }
        _result[key] = value;
    }

    private static string ReadFile(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException("error reading file: " + ex.Message, ex);
        }
    }

    private string ReadStdin()
    {
        if (_stdinConsumed)
        {
            throw new FormatException("stdin already consumed");
        }
        _stdinConsumed = true;
        return _stdin.ReadToEnd();
    }

    private void MergeJson(string text)
    {
        if (JsonNode.Parse(text) is not JsonObject obj)
        {
            throw new FormatException("the JSON input must be an object");
        }
        foreach (var (key, value) in obj.ToList())
        {
            _result[key] = value?.DeepClone();
        }
    }
}
