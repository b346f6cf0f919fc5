namespace Coffer.Core.Tokens;

/// <summary>Vault's policy-list hygiene: trimmed, lower-case, no empties, de-duplicated, sorted; root stands alone.</summary>
public static class PolicyLists
{
    public static IReadOnlyList<string> Sanitize(IEnumerable<string> policies)
    {
        var result = policies.Select(p => p.Trim().ToLowerInvariant()).Where(p => p.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        return result.Contains("root") ? ["root"] : result;
    }

    /// <summary>
    /// Glob with '*' anywhere, as Vault's <c>allowed_policies_glob</c> uses it. Matched in linear time: the text
    /// between stars must appear in order, and taking each piece's first occurrence is always enough. (A
    /// backtracking regular expression took exponential time on patterns such as <c>a*a*a*…b</c>.)
    /// </summary>
    public static bool GlobMatches(string pattern, string value)
    {
        var pieces = pattern.Split('*');
        if (pieces.Length == 1)
        {
            return string.Equals(pattern, value, StringComparison.Ordinal);
        }

        if (!value.StartsWith(pieces[0], StringComparison.Ordinal))
        {
            return false;
        }

        var position = pieces[0].Length;
        foreach (var piece in pieces.AsSpan(1, pieces.Length - 2))
        {
            var at = value.IndexOf(piece, position, StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            position = at + piece.Length;
        }

        var last = pieces[^1];
        return value.Length - position >= last.Length && value.EndsWith(last, StringComparison.Ordinal);
    }
}
