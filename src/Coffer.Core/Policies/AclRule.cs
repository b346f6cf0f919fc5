using System.Text.Json.Nodes;

namespace Coffer.Core.Policies;

/// <summary>
/// All blocks for one pattern, merged across policies (spec 4.4), plus what matching needs precomputed:
/// the segment-wildcard pattern split into segments and the priority facts of spec 4.5.
/// </summary>
internal sealed class AclRule
{
    private static readonly int CapabilityBits = Enum.GetValues<Capability>().Length - 1;

    private AclRule(PathRule rule)
    {
        Path = rule.Path;
        Kind = rule.Kind;
        Capabilities = rule.Capabilities;
        var isPrefixPattern = rule.Kind == PathRuleKind.Prefix || (rule.Kind == PathRuleKind.SegmentWildcard && rule.Path.EndsWith('*'));
        IsPrefixPattern = isPrefixPattern;
        if (rule.Kind == PathRuleKind.SegmentWildcard)
        {
            PriorityPattern = isPrefixPattern ? rule.Path[..^1] : rule.Path;
            FirstWildcard = rule.Path.IndexOf('+', StringComparison.Ordinal);
            Segments = PriorityPattern.Split('/');
            WildcardCount = Segments.Count(s => s == "+");
            var literalPrefix = rule.Path.AsSpan(0, FirstWildcard);
            VerifiedSegments = literalPrefix.Count('/');
            VerifiedLength = literalPrefix.LastIndexOf('/') + 1;
        }
        else
        {
            PriorityPattern = rule.Path;
            FirstWildcard = rule.Path.Length;
            Segments = [];
        }

        if (!IsDeny)
        {
            MinWrappingTtl = rule.MinWrappingTtl;
            MaxWrappingTtl = rule.MaxWrappingTtl;
            Allowed = Copy(rule.AllowedParameters);
            Denied = Copy(rule.DeniedParameters);
            Required.AddRange(rule.RequiredParameters);
            SubscribeEventTypes.AddRange(rule.SubscribeEventTypes);
        }
    }

    public string Path { get; }

    public PathRuleKind Kind { get; }

    public Capability Capabilities { get; private set; }

    public bool IsDeny => (Capabilities & Capability.Deny) != 0;

    public TimeSpan MinWrappingTtl { get; private set; }

    public TimeSpan MaxWrappingTtl { get; private set; }

    /// <summary>Keys are lower-cased at parse time; the comparer makes lookups of request keys case-insensitive without lower-casing them.</summary>
    public Dictionary<string, List<JsonNode?>> Allowed { get; private set; } = NewParameters();

    public Dictionary<string, List<JsonNode?>> Denied { get; private set; } = NewParameters();

    public List<string> Required { get; } = [];

    /// <summary><see cref="Required"/> lower-cased once, since request data is looked up with the lower-cased name.</summary>
    public string[] RequiredLowercase { get; private set; } = [];

    public List<string> SubscribeEventTypes { get; } = [];

    // Priority facts (spec 4.5): later first wildcard wins, then non-prefix, then fewer '+', then length, then ordinal.
    public int FirstWildcard { get; }

    public bool IsPrefixPattern { get; }

    public int WildcardCount { get; }

    public string PriorityPattern { get; }

    /// <summary>Segment-wildcard rules only: the pattern without a trailing <c>*</c>, split on <c>/</c>.</summary>
    public string[] Segments { get; }

    /// <summary>
    /// Segment-wildcard rules only: how many whole leading segments (and how many characters) lie in the
    /// literal text before the first <c>+</c>. A path reaches the rule only after the index has checked
    /// that text, so matching resumes after it.
    /// </summary>
    public int VerifiedSegments { get; }

    public int VerifiedLength { get; }

    /// <summary>Per capability bit, the policies that granted it here (for audit <c>policy_results</c>).</summary>
    public List<string>?[] GrantingPolicies { get; } = new List<string>?[CapabilityBits];

    public static AclRule Create(PathRule rule, string policyName)
    {
        var created = new AclRule(rule);
        created.AddGrantingPolicy(rule.Capabilities, policyName);
        return created;
    }

    /// <summary>Vault's merge of a second block for the same pattern (spec 4.4).</summary>
    public void Merge(PathRule rule, string policyName)
    {
        if (IsDeny)
        {
            return;
        }

        if (rule.IsDeny)
        {
            Capabilities = Capability.Deny;
            Allowed = NewParameters();
            Denied = NewParameters();
            return;
        }

        Capabilities |= rule.Capabilities;
        AddGrantingPolicy(rule.Capabilities, policyName);

        // The tighter limit wins: the lower of two non-zero values for each bound.
        if (rule.MaxWrappingTtl > TimeSpan.Zero && (MaxWrappingTtl == TimeSpan.Zero || rule.MaxWrappingTtl < MaxWrappingTtl))
        {
            MaxWrappingTtl = rule.MaxWrappingTtl;
        }

        if (rule.MinWrappingTtl > TimeSpan.Zero && (MinWrappingTtl == TimeSpan.Zero || rule.MinWrappingTtl < MinWrappingTtl))
        {
            MinWrappingTtl = rule.MinWrappingTtl;
        }

        MergeParameters(Allowed, rule.AllowedParameters);
        MergeParameters(Denied, rule.DeniedParameters);
        foreach (var name in rule.RequiredParameters)
        {
            if (!Required.Contains(name))
            {
                Required.Add(name);
            }
        }

        foreach (var eventType in rule.SubscribeEventTypes)
        {
            if (!SubscribeEventTypes.Contains(eventType))
            {
                SubscribeEventTypes.Add(eventType);
            }
        }
    }

    /// <summary>Called once compilation is over.</summary>
    public void Seal() => RequiredLowercase = Required.Select(r => r.ToLowerInvariant()).ToArray();

    public IReadOnlyList<string> GrantingPoliciesFor(Capability capability)
    {
        var bit = System.Numerics.BitOperations.TrailingZeroCount((uint)capability);
        return GrantingPolicies[bit] ?? (IReadOnlyList<string>)[];
    }

    /// <summary>A key in both keeps an empty list (any value) if either side has one, else the new values then the old.</summary>
    private static void MergeParameters(Dictionary<string, List<JsonNode?>> existing, IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> added)
    {
        foreach (var (name, values) in added)
        {
            var present = existing.TryGetValue(name, out var current);
            if (values.Count == 0 || (present && current!.Count == 0))
            {
                existing[name] = [];
            }
            else
            {
                existing[name] = [.. values, .. current ?? []];
            }
        }
    }

    private void AddGrantingPolicy(Capability capabilities, string policyName)
    {
        for (var bit = 0; bit < GrantingPolicies.Length; bit++)
        {
            if (((int)capabilities & (1 << bit)) == 0)
            {
                continue;
            }

            var names = GrantingPolicies[bit] ??= [];
            if (!names.Contains(policyName))
            {
                names.Add(policyName);
            }
        }
    }

    private static Dictionary<string, List<JsonNode?>> Copy(IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> parameters)
    {
        var copy = NewParameters();
        foreach (var (name, values) in parameters)
        {
            copy[name] = [.. values];
        }

        return copy;
    }

    private static Dictionary<string, List<JsonNode?>> NewParameters() => new(StringComparer.OrdinalIgnoreCase);
}
