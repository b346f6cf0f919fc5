namespace Coffer.Core.Policies;

/// <summary>Finding the one rule that governs a path (spec 4.5); allocation-free.</summary>
public sealed partial class Acl
{
    private AclRule? Match(ReadOnlySpan<char> path, bool isList)
    {
        path = path.TrimStart('/');
        if (_exact.Count > 0)
        {
            if (_exactBySpan.TryGetValue(path, out var exact))
            {
                return exact;
            }

            // A list of "foo/" is also governed by an exact rule for "foo".
            if (isList && path.EndsWith('/') && _exactBySpan.TryGetValue(path[..^1], out exact))
            {
                return exact;
            }
        }

        // A list of "foo/" tries "foo" first, so that rules such as "foo*" or "+" can govern it.
        if (isList && path.EndsWith('/') && MatchNonExact(path[..^1]) is { } withoutSlash)
        {
            return withoutSlash;
        }

        return MatchNonExact(path);
    }

    /// <summary>The longest prefix rule and every matching segment-wildcard rule compete; the highest priority wins.</summary>
    private AclRule? MatchNonExact(ReadOnlySpan<char> path)
    {
        var prefix = _prefixes.FindLongest(path);
        var best = prefix < 0 ? null : _prefixes.ValueAt(prefix);
        var group = _segmentRulesByLiteralPrefix.FindLongest(path);
        if (group < 0)
        {
            return best;
        }

        var segmentCount = path.Count('/') + 1;
        for (; group >= 0; group = _segmentRulesByLiteralPrefix.ShorterPrefixOf(group))
        {
            foreach (var rule in _segmentRulesByLiteralPrefix.ValueAt(group))
            {
                if (SegmentsMatch(rule, path, segmentCount) && (best is null || Outranks(rule, best)))
                {
                    best = rule;
                }
            }
        }

        return best;
    }

    /// <summary>Whether the rule matches; the caller has already checked the rule's literal prefix against the path.</summary>
    private static bool SegmentsMatch(AclRule rule, ReadOnlySpan<char> path, int segmentCount)
    {
        var parts = rule.Segments;
        if (segmentCount < parts.Length || (!rule.IsPrefixPattern && segmentCount != parts.Length))
        {
            return false;
        }

        var rest = path[rule.VerifiedLength..];
        for (var i = rule.VerifiedSegments; i < parts.Length; i++)
        {
            var slash = rest.IndexOf('/');
            var segment = slash < 0 ? rest : rest[..slash];
            if (!SegmentMatches(rule, i, segment))
            {
                return false;
            }

            rest = slash < 0 ? ReadOnlySpan<char>.Empty : rest[(slash + 1)..];
        }

        return true;
    }

    /// <summary><c>+</c> matches any one segment; the last segment of a <c>*</c> rule only has to start with the pattern's.</summary>
    private static bool SegmentMatches(AclRule rule, int index, ReadOnlySpan<char> segment)
    {
        var part = rule.Segments[index];
        return part == "+"
            || segment.SequenceEqual(part)
            || (rule.IsPrefixPattern && index == rule.Segments.Length - 1 && segment.StartsWith(part, StringComparison.Ordinal));
    }

    /// <summary>
    /// Vault's order: the later first wildcard wins, then a pattern without a trailing glob, then fewer
    /// <c>+</c> segments, then the longer pattern, then the ordinally greater one.
    /// </summary>
    private static bool Outranks(AclRule candidate, AclRule current)
    {
        if (candidate.FirstWildcard != current.FirstWildcard)
        {
            return candidate.FirstWildcard > current.FirstWildcard;
        }

        if (candidate.IsPrefixPattern != current.IsPrefixPattern)
        {
            return !candidate.IsPrefixPattern;
        }

        if (candidate.WildcardCount != current.WildcardCount)
        {
            return candidate.WildcardCount < current.WildcardCount;
        }

        if (candidate.PriorityPattern.Length != current.PriorityPattern.Length)
        {
            return candidate.PriorityPattern.Length > current.PriorityPattern.Length;
        }

        return string.CompareOrdinal(candidate.PriorityPattern, current.PriorityPattern) > 0;
    }

    /// <summary>
    /// The mount-listing check for segment-wildcard rules: does some non-deny rule continue below the
    /// mount path (which ends with <c>/</c>)? Each of the mount's segments must be matched by the rule.
    /// </summary>
    private bool AnySegmentRuleBelow(string mountPath)
    {
        var mountSegments = mountPath.Split('/');
        var lastIndex = mountSegments.Length - 2;
        if (lastIndex < 0)
        {
            return false;
        }

        foreach (var rule in _segmentRules)
        {
            if (rule.IsDeny || rule.Capabilities == Capability.None || rule.Segments.Length <= lastIndex)
            {
                continue;
            }

            var matches = true;
            for (var i = 0; i <= lastIndex && matches; i++)
            {
                matches = SegmentMatches(rule, i, mountSegments[i]);
            }

            if (matches)
            {
                return true;
            }
        }

        return false;
    }
}
