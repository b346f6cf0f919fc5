using System.Text.RegularExpressions;

namespace Coffer.Core.Tokens;

/// <summary>Vault's policy-list hygiene: trimmed, lower-case, no empties, de-duplicated, sorted; root stands alone.</summary>
public static class PolicyLists
{
    public static IReadOnlyList<string> Sanitize(IEnumerable<string> policies)
    {
        var result = policies.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        return result.Contains("root") ? ["root"] : result;
    }

    /// <summary>Glob with '*' anywhere, as Vault's <c>allowed_policies_glob</c> uses it.</summary>
    public static bool GlobMatches(string pattern, string value) =>
        Regex.IsMatch(value, "^" + Regex.Escape(pattern).Replace("\\*", ".*", StringComparison.Ordinal) + "$", RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
}
