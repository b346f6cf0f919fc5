using System.Text.Json.Nodes;

namespace Coffer.Api.Sys;

/// <summary>Body of <c>PUT sys/init</c>. Optional fields are sent only when set.</summary>
public sealed class InitRequest
{
    public int SecretShares { get; init; }
    public int SecretThreshold { get; init; }

    /// <summary>Base64 PGP public keys, one per share.</summary>
    public IReadOnlyList<string>? PgpKeys { get; init; }

    public string? RootTokenPgpKey { get; init; }
    public int? StoredShares { get; init; }
    public int? RecoveryShares { get; init; }
    public int? RecoveryThreshold { get; init; }
    public IReadOnlyList<string>? RecoveryPgpKeys { get; init; }

    public JsonObject ToJson()
    {
        var body = new JsonObject
        {
            ["secret_shares"] = SecretShares,
            ["secret_threshold"] = SecretThreshold,
        };
        if (StoredShares is { } stored)
        {
            body["stored_shares"] = stored;
        }
        if (PgpKeys is { Count: > 0 })
        {
            body["pgp_keys"] = new JsonArray(PgpKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
        }
        if (!string.IsNullOrEmpty(RootTokenPgpKey))
        {
            body["root_token_pgp_key"] = RootTokenPgpKey;
        }
        if (RecoveryShares is { } recoveryShares)
        {
            body["recovery_shares"] = recoveryShares;
        }
        if (RecoveryThreshold is { } recoveryThreshold)
        {
            body["recovery_threshold"] = recoveryThreshold;
        }
        if (RecoveryPgpKeys is { Count: > 0 })
        {
            body["recovery_pgp_keys"] = new JsonArray(RecoveryPgpKeys.Select(k => (JsonNode?)JsonValue.Create(k)).ToArray());
        }
        return body;
    }
}
