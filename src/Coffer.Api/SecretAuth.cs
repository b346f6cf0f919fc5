using System.Text.Json.Nodes;

namespace Coffer.Api;

/// <summary>The <c>auth</c> block of a response: the token a login or token creation produced.</summary>
public sealed class SecretAuth
{
    public string ClientToken { get; init; } = "";
    public string Accessor { get; init; } = "";
    public IReadOnlyList<string>? Policies { get; init; }
    public IReadOnlyList<string>? TokenPolicies { get; init; }
    public IReadOnlyList<string>? IdentityPolicies { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }
    public bool Orphan { get; init; }
    public string EntityId { get; init; } = "";
    public long LeaseDuration { get; init; }
    public bool Renewable { get; init; }
    public JsonNode? MfaRequirement { get; init; }

    /// <summary><c>service</c> or <c>batch</c>; kept for callers even though the CLI's JSON output omits it.</summary>
    public string TokenType { get; init; } = "";

    public long NumUses { get; init; }

    public static SecretAuth Parse(JsonObject obj)
    {
        Dictionary<string, string>? metadata = null;
        if (obj["metadata"] is JsonObject meta)
        {
            metadata = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in meta)
            {
                metadata[key] = value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
            }
        }
        return new SecretAuth
        {
            ClientToken = JsonFields.GetString(obj, "client_token"),
            Accessor = JsonFields.GetString(obj, "accessor"),
            Policies = JsonFields.GetStringList(obj, "policies"),
            TokenPolicies = JsonFields.GetStringList(obj, "token_policies"),
            IdentityPolicies = JsonFields.GetStringList(obj, "identity_policies"),
            Metadata = metadata,
            Orphan = JsonFields.GetBool(obj, "orphan"),
            EntityId = JsonFields.GetString(obj, "entity_id"),
            LeaseDuration = JsonFields.GetInt64(obj, "lease_duration"),
            Renewable = JsonFields.GetBool(obj, "renewable"),
            MfaRequirement = obj["mfa_requirement"]?.DeepClone(),
            TokenType = JsonFields.GetString(obj, "token_type"),
            NumUses = JsonFields.GetInt64(obj, "num_uses"),
        };
    }
}
