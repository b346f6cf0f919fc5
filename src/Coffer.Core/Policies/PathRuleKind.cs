namespace Coffer.Core.Policies;

/// <summary>How a path rule matches request paths (spec 4.2).</summary>
public enum PathRuleKind
{
    /// <summary>Matches only the identical path.</summary>
    Exact,

    /// <summary>Written with a trailing <c>*</c>: matches every path starting with the rule's path.</summary>
    Prefix,

    /// <summary>Contains a <c>+</c> segment (and may end in <c>*</c>): matched segment by segment.</summary>
    SegmentWildcard,
}
