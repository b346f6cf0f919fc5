using System.Text.Json.Nodes;

namespace Coffer.Core.Policies;

/// <summary>
/// One <c>path "…" { … }</c> block of a policy, as parsed. Blocks for the same path stay separate in the
/// policy; they are merged only when policies are compiled into an <see cref="Acl"/>.
/// </summary>
public sealed class PathRule
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> NoParameters =
        new Dictionary<string, IReadOnlyList<JsonNode?>>();

    public PathRule(string path, PathRuleKind kind, Capability capabilities)
    {
        Path = path;
        Kind = kind;
        Capabilities = capabilities;
    }

    /// <summary>
    /// The path the rule is keyed by: leading <c>/</c> removed, and for prefix rules the trailing <c>*</c>
    /// removed too (segment-wildcard rules keep theirs).
    /// </summary>
    public string Path { get; }

    public PathRuleKind Kind { get; }

    /// <summary>The pattern as a policy would write it (the prefix rule's <c>*</c> restored).</summary>
    public string Pattern => Kind == PathRuleKind.Prefix ? Path + "*" : Path;

    /// <summary>Granted capabilities; exactly <see cref="Capability.Deny"/> when the block denies.</summary>
    public Capability Capabilities { get; }

    public bool IsDeny => (Capabilities & Capability.Deny) != 0;

    /// <summary>Parameter name (lower-cased) to the values allowed; an empty list allows any value; <c>*</c> allows any name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> AllowedParameters { get; init; } = NoParameters;

    /// <summary>Parameter name (lower-cased) to the values denied; an empty list denies any value; <c>*</c> denies every name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<JsonNode?>> DeniedParameters { get; init; } = NoParameters;

    /// <summary>Parameter names that must be present, as written (compared lower-cased).</summary>
    public IReadOnlyList<string> RequiredParameters { get; init; } = [];

    /// <summary>Zero when unset; otherwise requests must be wrapped with at least this TTL.</summary>
    public TimeSpan MinWrappingTtl { get; init; }

    /// <summary>Zero when unset; otherwise requests must be wrapped with at most this TTL.</summary>
    public TimeSpan MaxWrappingTtl { get; init; }

    /// <summary>Event types a <c>subscribe</c> rule is limited to (empty: not limited).</summary>
    public IReadOnlyList<string> SubscribeEventTypes { get; init; } = [];
}
