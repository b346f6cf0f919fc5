namespace Coffer.Sdk.Logical;

/// <summary>The <c>auth</c> block of a response: a token that was just created or renewed.</summary>
public sealed class AuthInfo
{
    public string ClientToken { get; set; } = string.Empty;

    public string Accessor { get; set; } = string.Empty;

    public IReadOnlyList<string> Policies { get; set; } = [];

    public IReadOnlyList<string> TokenPolicies { get; set; } = [];

    public IReadOnlyList<string> IdentityPolicies { get; set; } = [];

    public IReadOnlyDictionary<string, string>? Metadata { get; set; }

    public long LeaseDuration { get; set; }

    public bool Renewable { get; set; }

    public string EntityId { get; set; } = string.Empty;

    /// <summary><c>service</c> or <c>batch</c>.</summary>
    public string TokenType { get; set; } = "service";

    public bool Orphan { get; set; }

    public int NumUses { get; set; }
}
