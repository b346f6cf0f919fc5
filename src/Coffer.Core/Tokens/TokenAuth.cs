using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary>The <c>auth</c> block for a token that was just created or renewed.</summary>
internal static class TokenAuth
{
    public static AuthInfo From(TokenEntry entry, string clientToken) => new()
    {
        ClientToken = clientToken,
        Accessor = entry.Accessor,
        Policies = entry.Policies,
        TokenPolicies = entry.Policies,
        Metadata = entry.Meta,
        LeaseDuration = entry.Ttl,
        Renewable = entry.Renewable,
        EntityId = entry.EntityId,
        TokenType = entry.Type,
        Orphan = entry.IsOrphan,
        NumUses = entry.NumUses,
    };
}
