namespace Coffer.Core.Tokens;

/// <summary>A token role (<c>auth/token/roles/:name</c>): a template and a set of limits for created tokens.</summary>
public sealed record TokenRole
{
    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<string> AllowedPolicies { get; init; } = [];

    public IReadOnlyList<string> DisallowedPolicies { get; init; } = [];

    public IReadOnlyList<string> AllowedPoliciesGlob { get; init; } = [];

    public IReadOnlyList<string> DisallowedPoliciesGlob { get; init; } = [];

    public IReadOnlyList<string> AllowedEntityAliases { get; init; } = [];

    public bool Orphan { get; init; }

    public bool Renewable { get; init; } = true;

    public string PathSuffix { get; init; } = string.Empty;

    public IReadOnlyList<string> TokenBoundCidrs { get; init; } = [];

    public long TokenExplicitMaxTtl { get; init; }

    public bool TokenNoDefaultPolicy { get; init; }

    public int TokenNumUses { get; init; }

    public long TokenPeriod { get; init; }

    /// <summary><c>service</c>, <c>batch</c>, <c>default-service</c> or <c>default-batch</c>.</summary>
    public string TokenType { get; init; } = TokenRoleTypes.DefaultService;

    public bool HasPolicyLists =>
        AllowedPolicies.Count > 0 || DisallowedPolicies.Count > 0 || AllowedPoliciesGlob.Count > 0 || DisallowedPoliciesGlob.Count > 0;
}
