using Coffer.Core.Policies;
using CsCheck;

namespace Coffer.Core.Tests.Policies;

/// <summary>
/// The indexed matcher (exact dictionary, prefix chains, segment groups) must pick the same rule as a
/// naive reading of spec 4.5 that tries every rule.
/// </summary>
public sealed class AclMatchingPropertyTests
{
    private static readonly string[] Segments = ["a", "b", "ab", "+", "", "a+"];
    private static readonly string[] PathSegments = ["a", "b", "ab", "abc", "", "+", "a+"];
    private static readonly string[] CapabilityWords = ["read", "list", "update", "delete", "create", "patch"];

    private static readonly Gen<string> PatternGen =
        Gen.Select(Gen.OneOf(Segments).Array[1, 4], Gen.Bool, Gen.Bool, (parts, glob, slash) =>
            (slash ? "/" : string.Empty) + string.Join('/', parts) + (glob ? "*" : string.Empty))
        .Where(p => !p.Contains("+*", StringComparison.Ordinal));

    private static readonly Gen<(string Pattern, string[] Capabilities)> RuleGen =
        Gen.Select(PatternGen, Gen.OneOf(CapabilityWords).ArrayUnique[1, 3], (pattern, caps) => (pattern, caps));

    private static readonly Gen<string> PathGen =
        Gen.Select(Gen.OneOf(PathSegments).Array[1, 5], Gen.Bool, (parts, slash) => string.Join('/', parts) + (slash ? "/" : string.Empty));

    [Fact]
    public void Capabilities_RandomRulesAndPaths_AgreeWithNaiveMatcher()
    {
        Gen.Select(RuleGen.Array[1, 12], PathGen.Array[1, 8]).Sample((rules, paths) =>
        {
            var distinct = rules.DistinctBy(r => Normalized(r.Pattern)).ToArray();
            var text = string.Concat(distinct.Select(r =>
                $"path \"{r.Pattern}\" {{ capabilities = [{string.Join(", ", r.Capabilities.Select(c => $"\"{c}\""))}] }}\n"));
            var policy = PolicyParser.Parse("p", text);
            var acl = Acl.Compile([policy]);

            foreach (var path in paths)
            {
                var expected = NaiveMatch(policy.Paths, path, isList: true)?.Capabilities ?? Capability.None;
                Assert.Equal(CapabilityNames.Report(expected), acl.Capabilities(path));
            }
        }, iter: 2000);
    }

    private static string Normalized(string pattern) => pattern.StartsWith('/') ? pattern[1..] : pattern;

    private static PathRule? NaiveMatch(IReadOnlyList<PathRule> rules, string path, bool isList)
    {
        path = path.TrimStart('/');
        var exact = rules.FirstOrDefault(r => r.Kind == PathRuleKind.Exact && r.Path == path);
        if (exact is null && isList && path.EndsWith('/'))
        {
            exact = rules.FirstOrDefault(r => r.Kind == PathRuleKind.Exact && r.Path == path[..^1]);
        }

        if (exact is not null)
        {
            return exact;
        }

        if (isList && path.EndsWith('/') && NaiveNonExact(rules, path[..^1]) is { } withoutSlash)
        {
            return withoutSlash;
        }

        return NaiveNonExact(rules, path);
    }

    private static PathRule? NaiveNonExact(IReadOnlyList<PathRule> rules, string path)
    {
        var candidates = new List<(PathRule Rule, int First, bool IsPrefix, int Wildcards, string Pattern)>();
        var longestPrefix = rules
            .Where(r => r.Kind == PathRuleKind.Prefix && path.StartsWith(r.Path, StringComparison.Ordinal))
            .MaxBy(r => r.Path.Length);
        if (longestPrefix is not null)
        {
            candidates.Add((longestPrefix, longestPrefix.Path.Length, true, 0, longestPrefix.Path));
        }

        var pathParts = path.Split('/');
        foreach (var rule in rules.Where(r => r.Kind == PathRuleKind.SegmentWildcard))
        {
            var isPrefix = rule.Path.EndsWith('*');
            var pattern = isPrefix ? rule.Path[..^1] : rule.Path;
            var parts = pattern.Split('/');
            if (pathParts.Length < parts.Length || (!isPrefix && pathParts.Length != parts.Length))
            {
                continue;
            }

            var matches = parts.Select((part, i) =>
                part == "+" || part == pathParts[i] || (isPrefix && i == parts.Length - 1 && pathParts[i].StartsWith(part, StringComparison.Ordinal)))
                .All(ok => ok);
            if (matches)
            {
                candidates.Add((rule, rule.Path.IndexOf('+', StringComparison.Ordinal), isPrefix, parts.Count(p => p == "+"), pattern));
            }
        }

        return candidates
            .OrderBy(c => c.First)
            .ThenBy(c => c.IsPrefix ? 0 : 1)
            .ThenByDescending(c => c.Wildcards)
            .ThenBy(c => c.Pattern.Length)
            .ThenBy(c => c.Pattern, StringComparer.Ordinal)
            .LastOrDefault().Rule;
    }
}
