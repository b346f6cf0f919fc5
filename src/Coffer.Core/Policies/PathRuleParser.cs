using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Core.Hcl;
using Coffer.Sdk.Helpers;

namespace Coffer.Core.Policies;

/// <summary>Reads the body of one <c>path "…" { … }</c> block, in the order and with the messages Vault uses.</summary>
internal static class PathRuleParser
{
    private static readonly string[] AllowedKeys =
    [
        "comment", "policy", "capabilities", "allowed_parameters", "denied_parameters", "required_parameters",
        "min_wrapping_ttl", "max_wrapping_ttl", "mfa_methods", "control_group", "subscribe_event_types",
    ];

    public static PathRule Parse(string key, HclBody body)
    {
        var invalidKeys = PolicyParser.InvalidKeys(body.Items, AllowedKeys);
        if (invalidKeys.Count > 0)
        {
            throw new PolicyParseException(GoMultiError.Format(invalidKeys.Select(e => $"path \"{key}\": {e}").ToList()));
        }

        var fields = new Fields(key, body);
        var legacyPolicy = fields.String("policy");
        var capabilityWords = fields.StringList("capabilities");
        fields.String("comment");
        fields.StringList("mfa_methods");
        var allowed = fields.Parameters("allowed_parameters");
        var denied = fields.Parameters("denied_parameters");
        var required = fields.StringList("required_parameters");
        var minWrapping = fields.Duration("min_wrapping_ttl");
        var maxWrapping = fields.Duration("max_wrapping_ttl");
        var eventTypes = fields.StringList("subscribe_event_types");

        var path = key.StartsWith('/') ? key[1..] : key;
        if (path.Contains("+*", StringComparison.Ordinal))
        {
            throw new PolicyParseException($"path \"{path}\": invalid use of wildcards ('+*' is forbidden)");
        }

        var kind = PathRuleKind.Exact;
        if (path == "+" || path.Contains("/+", StringComparison.Ordinal) || path.StartsWith("+/", StringComparison.Ordinal))
        {
            kind = PathRuleKind.SegmentWildcard;
        }
        else if (path.EndsWith('*'))
        {
            kind = PathRuleKind.Prefix;
            path = path[..^1];
        }

        var capabilities = LegacyCapabilities(key, legacyPolicy);
        if (capabilities != Capability.Deny)
        {
            foreach (var word in capabilityWords ?? [])
            {
                if (!CapabilityNames.TryParse(word, out var capability))
                {
                    throw new PolicyParseException($"path \"{key}\": invalid capability \"{word}\"");
                }

                if (capability == Capability.Deny)
                {
                    capabilities = Capability.Deny;
                    break;
                }

                capabilities |= capability;
            }
        }

        // A denying block grants nothing, so its parameter and wrapping settings are not even looked at.
        if (capabilities == Capability.Deny)
        {
            return new PathRule(path, kind, Capability.Deny);
        }

        ValidateParameterKeys(path, "allowed_parameters", allowed?.Select(p => p.Key), wildcardPermitted: true);
        ValidateParameterKeys(path, "denied_parameters", denied?.Select(p => p.Key), wildcardPermitted: true);
        if (minWrapping > TimeSpan.Zero && maxWrapping > TimeSpan.Zero && maxWrapping < minWrapping)
        {
            throw new PolicyParseException("max_wrapping_ttl cannot be less than min_wrapping_ttl");
        }

        ValidateParameterKeys(path, "required_parameters", required, wildcardPermitted: false);

        return new PathRule(path, kind, capabilities)
        {
            AllowedParameters = Lowercased(allowed),
            DeniedParameters = Lowercased(denied),
            RequiredParameters = required ?? [],
            MinWrappingTtl = minWrapping,
            MaxWrappingTtl = maxWrapping,
            SubscribeEventTypes = eventTypes ?? [],
        };
    }

    /// <summary>The pre-capabilities <c>policy = "…"</c> words; they add to any <c>capabilities</c> in the block.</summary>
    private static Capability LegacyCapabilities(string key, string? legacyPolicy) => legacyPolicy switch
    {
        null or "" => Capability.None,
        "deny" => Capability.Deny,
        "read" => Capability.Read | Capability.List,
        "write" => Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List,
        "sudo" => Capability.Create | Capability.Read | Capability.Update | Capability.Delete | Capability.List | Capability.Sudo,
        _ => throw new PolicyParseException($"path \"{key}\": invalid policy \"{legacyPolicy}\""),
    };

    /// <summary>Only <c>*</c> itself, or a JSON pointer ending in <c>/*</c>, may contain a wildcard.</summary>
    private static void ValidateParameterKeys(string path, string field, IEnumerable<string>? keys, bool wildcardPermitted)
    {
        foreach (var parameter in keys ?? [])
        {
            string? problem = null;
            if (parameter.StartsWith('/') && !IsJsonPointer(parameter))
            {
                problem = $"parameter key \"{parameter}\": invalid path syntax";
            }
            else if (parameter.Contains('*'))
            {
                if (!wildcardPermitted)
                {
                    problem = $"parameter key \"{parameter}\": wildcard is not permitted here";
                }
                else if (parameter != "*" && !(parameter.StartsWith('/') && parameter.EndsWith("/*", StringComparison.Ordinal) && !parameter[..^2].Contains('*')))
                {
                    problem = $"parameter key \"{parameter}\" cannot contain non-tail wildcards";
                }
            }

            if (problem is not null)
            {
                throw new PolicyParseException($"path \"{path}\": {field}: {problem}");
            }
        }
    }

    /// <summary>RFC 6901: every <c>~</c> must be followed by 0 or 1.</summary>
    private static bool IsJsonPointer(string pointer)
    {
        for (var i = 0; i < pointer.Length; i++)
        {
            if (pointer[i] == '~' && (i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1')))
            {
                return false;
            }
        }

        return true;
    }

    private static Dictionary<string, IReadOnlyList<JsonNode?>> Lowercased(List<KeyValuePair<string, List<JsonNode?>>>? parameters)
    {
        var result = new Dictionary<string, IReadOnlyList<JsonNode?>>(StringComparer.Ordinal);
        foreach (var (name, values) in parameters ?? [])
        {
            result[name.ToLowerInvariant()] = values;
        }

        return result;
    }

    /// <summary>Typed reads of the block's attributes; a repeated attribute counts once, the last one winning.</summary>
    private sealed class Fields(string key, HclBody body)
    {
        public string? String(string name)
        {
            var item = Find(name);
            return item switch
            {
                null => null,
                HclAttribute { Value: HclString text } => text.Value,
                _ => throw TypeError(item, name, "a string"),
            };
        }

        /// <summary>A list of strings; a lone string counts as a one-element list, as HCL 1 decodes it.</summary>
        public List<string>? StringList(string name)
        {
            var item = Find(name);
            switch (item)
            {
                case null:
                    return null;
                case HclAttribute { Value: HclString single }:
                    return [single.Value];
                case HclAttribute { Value: HclList list } when list.Items.All(v => v is HclString):
                    return list.Items.Select(v => ((HclString)v).Value).ToList();
                default:
                    throw TypeError(item, name, "a list of strings");
            }
        }

        /// <summary><c>{ name = [values] }</c>, written as an object, a block, or JSON; a lone value counts as a list of one.</summary>
        public List<KeyValuePair<string, List<JsonNode?>>>? Parameters(string name)
        {
            var item = Find(name);
            var obj = item switch
            {
                null => null,
                HclAttribute { Value: HclObject value } => value,
                HclBlock { Labels.Count: 0 } block => block.Body.ToObject(),
                _ => throw TypeError(item, name, "an object of parameter names to lists of values"),
            };
            if (obj is null)
            {
                return null;
            }

            var result = new List<KeyValuePair<string, List<JsonNode?>>>(obj.Items.Count);
            foreach (var parameter in obj.Items)
            {
                var values = parameter.Value is HclList list
                    ? list.Items.Select(HclJsonNodes.ToJsonNode).ToList()
                    : [HclJsonNodes.ToJsonNode(parameter.Value)];
                result.Add(new(parameter.Name, values));
            }

            return result;
        }

        /// <summary>
        /// A number of seconds within the range a duration string may have (Go's, about 292 years): a larger one
        /// is refused as a policy error instead of overflowing the duration.
        /// </summary>
        private static TimeSpan Seconds(string name, double seconds)
        {
            const double MaxSeconds = long.MaxValue / 1e9;
            if (!double.IsFinite(seconds) || Math.Abs(seconds) > MaxSeconds)
            {
                throw new PolicyParseException($"error parsing {name}: time: invalid duration \"{seconds.ToString(CultureInfo.InvariantCulture)}\"");
            }

            return TimeSpan.FromSeconds(seconds);
        }

        /// <summary>Integer seconds or a Go duration string; zero when absent.</summary>
        public TimeSpan Duration(string name)
        {
            var item = Find(name);
            switch (item)
            {
                case null:
                    return TimeSpan.Zero;
                case HclAttribute { Value: HclNumber number }:
                    return Seconds(name, number.ToDouble());
                case HclAttribute { Value: HclString text }:
                    if (!GoDuration.TryParse(text.Value, out var duration, out var error))
                    {
                        throw new PolicyParseException($"error parsing {name}: {error}");
                    }

                    return duration;
                default:
                    throw new PolicyParseException($"error parsing {name}: expected a duration at line {item.Line}");
            }
        }

        private HclBodyItem? Find(string name)
        {
            HclBodyItem? found = null;
            foreach (var item in body.Items)
            {
                if (item.Name == name)
                {
                    found = item;
                }
            }

            return found;
        }

        private PolicyParseException TypeError(HclBodyItem item, string name, string expected)
        {
            var found = item switch
            {
                HclAttribute attribute => "a " + attribute.Value.KindName,
                _ => "a block",
            };
            return new PolicyParseException($"path \"{key}\": \"{name}\" must be {expected}, found {found} on line {item.Line}");
        }
    }
}
