using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace Coffer.Cli.Output;

/// <summary>
/// YAML output. The Go CLI converts its JSON to YAML through a generic map, so every mapping comes
/// out with sorted keys; strings that a YAML reader would take for another type are quoted.
/// </summary>
internal static partial class YamlText
{
    public static string Serialize(JsonNode? node)
    {
        var document = new YamlDocument(ToYaml(node));
        var stream = new YamlStream(document);
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString().Trim();
        // The emitter closes each document with an explicit end marker; the Go CLI prints none.
        if (text.EndsWith("...", StringComparison.Ordinal))
        {
            text = text[..^3].TrimEnd();
        }
        return text;
    }

    private static YamlNode ToYaml(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return Plain("null");
            case JsonObject obj:
                var mapping = new YamlMappingNode();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    mapping.Add(StringScalar(key), ToYaml(value));
                }
                if (obj.Count == 0)
                {
                    mapping.Style = MappingStyle.Flow;
                }
                return mapping;
            case JsonArray array:
                var sequence = new YamlSequenceNode(array.Select(ToYaml));
                if (array.Count == 0)
                {
                    sequence.Style = SequenceStyle.Flow;
                }
                return sequence;
            case JsonValue value:
                return value.GetValueKind() switch
                {
                    JsonValueKind.String => StringScalar(value.GetValue<string>()),
                    JsonValueKind.True => Plain("true"),
                    JsonValueKind.False => Plain("false"),
                    JsonValueKind.Null => Plain("null"),
                    _ => Plain(value.ToJsonString()),
                };
            default:
                return Plain("null");
        }
    }

    private static YamlScalarNode Plain(string text) => new(text) { Style = ScalarStyle.Plain };

    private static YamlScalarNode StringScalar(string text)
    {
        if (text.Length == 0 || LooksLikeAnotherType().IsMatch(text))
        {
            return new YamlScalarNode(text) { Style = ScalarStyle.DoubleQuoted };
        }
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            return new YamlScalarNode(text) { Style = ScalarStyle.Literal };
        }
        return new YamlScalarNode(text) { Style = ScalarStyle.Any };
    }

    // Booleans, nulls and numbers of YAML 1.1 and 1.2: a string spelled like one must be quoted.
    [GeneratedRegex(@"^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][-+]?\d+)?|0x[0-9a-fA-F_]+|0o?[0-7_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d+(?::[0-5]?\d)+(?:\.\d*)?)$")]
    private static partial Regex LooksLikeAnotherType();
}
