using System.Text.Json.Nodes;
using Coffer.Api;

namespace Coffer.Cli.Output;

/// <summary>
/// The JSON shape of a response in CLI output: the Go client's secret structure, which carries no
/// <c>token_type</c> or <c>num_uses</c> and omits <c>auth</c>, <c>wrap_info</c> and <c>mount_type</c>
/// when they are empty. Data objects are key-sorted as Go's maps are.
/// </summary>
internal static class SecretJson
{
    public static JsonObject Build(Secret secret)
    {
        var obj = new JsonObject
        {
            ["request_id"] = secret.RequestId,
            ["lease_id"] = secret.LeaseId,
            ["lease_duration"] = secret.LeaseDuration,
            ["renewable"] = secret.Renewable,
            ["data"] = GoJson.SortMaps(secret.Data),
            ["warnings"] = secret.Warnings is null ? null : GoJson.StringArray(secret.Warnings),
        };
        if (secret.Auth is { } auth)
        {
            obj["auth"] = BuildAuth(auth);
        }
        if (secret.WrapInfo is { } wrap)
        {
            obj["wrap_info"] = new JsonObject
            {
                ["token"] = wrap.Token,
                ["accessor"] = wrap.Accessor,
                ["ttl"] = wrap.Ttl,
                ["creation_time"] = wrap.CreationTime,
                ["creation_path"] = wrap.CreationPath,
                ["wrapped_accessor"] = wrap.WrappedAccessor,
            };
        }
        if (secret.MountType.Length > 0)
        {
            obj["mount_type"] = secret.MountType;
        }
        return obj;
    }

    private static JsonObject BuildAuth(SecretAuth auth)
    {
        JsonObject? metadata = null;
        if (auth.Metadata is not null)
        {
            metadata = new JsonObject(auth.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        }
        return new JsonObject
        {
            ["client_token"] = auth.ClientToken,
            ["accessor"] = auth.Accessor,
            ["policies"] = ListOrNull(auth.Policies),
            ["token_policies"] = ListOrNull(auth.TokenPolicies),
            ["identity_policies"] = ListOrNull(auth.IdentityPolicies),
            ["metadata"] = metadata,
            ["orphan"] = auth.Orphan,
            ["entity_id"] = auth.EntityId,
            ["lease_duration"] = auth.LeaseDuration,
            ["renewable"] = auth.Renewable,
            ["mfa_requirement"] = GoJson.SortMaps(auth.MfaRequirement),
        };
    }

    private static JsonArray? ListOrNull(IReadOnlyList<string>? list) => list is null ? null : GoJson.StringArray(list);
}
