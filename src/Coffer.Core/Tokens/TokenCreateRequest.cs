namespace Coffer.Core.Tokens;

/// <summary>The parameters of <c>auth/token/create*</c>, already typed by the framework.</summary>
public sealed record TokenCreateRequest
{
    public string Id { get; init; } = string.Empty;

    public IReadOnlyList<string> Policies { get; init; } = [];

    public bool PoliciesGiven { get; init; }

    public IReadOnlyDictionary<string, string>? Meta { get; init; }

    public bool NoParent { get; init; }

    public bool NoDefaultPolicy { get; init; }

    public bool? Renewable { get; init; }

    public TimeSpan Ttl { get; init; }

    public TimeSpan ExplicitMaxTtl { get; init; }

    public TimeSpan Period { get; init; }

    public string Type { get; init; } = string.Empty;

    public string DisplayName { get; init; } = string.Empty;

    public long NumUses { get; init; }

    public string EntityAlias { get; init; } = string.Empty;
}
