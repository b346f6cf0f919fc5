using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Core.Policies;

/// <summary>
/// Required, denied and allowed parameters against request data (spec 4.6), including the 1.21 rule that
/// a list, or a string that reads as a comma-separated list, is judged element by element.
/// </summary>
internal static class ParameterCheck
{
    public static bool Permits(AclRule rule, JsonObject? data)
    {
        foreach (var required in rule.RequiredLowercase)
        {
            if (data is null || !data.ContainsKey(required))
            {
                return false;
            }
        }

        if (data is null || data.Count == 0)
        {
            return true;
        }

        if (rule.Denied.Count > 0)
        {
            if (rule.Denied.ContainsKey("*"))
            {
                return false;
            }

            foreach (var (name, value) in data)
            {
                if (rule.Denied.TryGetValue(name, out var deniedValues) && IsDeniedValue(value, deniedValues))
                {
                    return false;
                }
            }
        }

        if (rule.Allowed.Count == 0)
        {
            return true;
        }

        var anyNameAllowed = rule.Allowed.ContainsKey("*");
        if (anyNameAllowed && rule.Allowed.Count == 1)
        {
            return true;
        }

        foreach (var (name, value) in data)
        {
            if (rule.Allowed.TryGetValue(name, out var allowedValues))
            {
                if (!IsAllowedValue(value, allowedValues))
                {
                    return false;
                }
            }
            else if (!anyNameAllowed)
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllowedValue(JsonNode? value, List<JsonNode?> allowed)
    {
        if (allowed.Count == 0 || MatchesAny(value, allowed))
        {
            return true;
        }

        var elements = Elements(value);
        if (elements is null)
        {
            return false;
        }

        foreach (var element in elements)
        {
            if (!MatchesAny(element, allowed))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsDeniedValue(JsonNode? value, List<JsonNode?> denied)
    {
        if (denied.Count == 0 || MatchesAny(value, denied))
        {
            return true;
        }

        foreach (var element in Elements(value) ?? [])
        {
            if (MatchesAny(element, denied))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The elements of a list value, or of a string read as a comma-separated list; null for anything else.</summary>
    private static IEnumerable<JsonNode?>? Elements(JsonNode? value)
    {
        if (value is JsonArray array)
        {
            return array;
        }

        if (value is JsonValue && value.GetValueKind() == JsonValueKind.String)
        {
            var text = value.GetValue<string>();
            return text.Length == 0
                ? []
                : text.Split(',').Select(part => (JsonNode?)JsonValue.Create(part.Trim()));
        }

        return null;
    }

    private static bool MatchesAny(JsonNode? value, List<JsonNode?> candidates)
    {
        foreach (var candidate in candidates)
        {
            if (candidate is null || value is null)
            {
                if (candidate is null && value is null)
                {
                    return true;
                }
            }
            else if (candidate.GetValueKind() == JsonValueKind.String)
            {
                if (value.GetValueKind() == JsonValueKind.String && GlobMatches(candidate.GetValue<string>(), value.GetValue<string>()))
                {
                    return true;
                }
            }
            else if (JsonDeepEquality.AreEqual(candidate, value))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A <c>*</c> at the start and/or end of the pattern matches anything there; a lone <c>*</c> is literal.</summary>
    internal static bool GlobMatches(string pattern, string value)
    {
        if (pattern.Length < 2)
        {
            return value == pattern;
        }

        var leading = pattern[0] == '*';
        var trailing = pattern[^1] == '*';
        return (leading, trailing) switch
        {
            (true, true) => value.Contains(pattern[1..^1], StringComparison.Ordinal),
            (true, false) => value.EndsWith(pattern[1..], StringComparison.Ordinal),
            (false, true) => value.StartsWith(pattern[..^1], StringComparison.Ordinal),
            _ => value == pattern,
        };
    }
}
