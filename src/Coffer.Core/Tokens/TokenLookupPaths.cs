using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary><c>auth/token/lookup</c>, <c>lookup-self</c> and <c>lookup-accessor</c>.</summary>
internal static class TokenLookupPaths
{
    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("lookup-self", [FieldSchema.String("token", "Ignored; the calling token is looked up.")], Handlers.Of(
            (Operation.Read, (request, _, ct) => LookupSelfAsync(core, request, ct)),
            (Operation.Update, (request, _, ct) => LookupSelfAsync(core, request, ct))))
        {
            Synopsis = "Lookup the calling token's properties.",
        },
        new PathSpec("lookup(/(?<urltoken>.+))?", [FieldSchema.String("token", "Token to look up."), FieldSchema.String("urltoken", "Token to look up (legacy, in the path).")], Handlers.Of(
            (Operation.Read, (_, data, ct) => LookupAsync(core, data, ct)),
            (Operation.Update, (_, data, ct) => LookupAsync(core, data, ct))))
        {
            Synopsis = "Lookup a token's properties.",
        },
        new PathSpec("lookup-accessor(/(?<urlaccessor>.+))?", [FieldSchema.String("accessor", "Accessor of the token."), FieldSchema.String("urlaccessor", "Accessor (legacy, in the path).")], Handlers.Of(
            (Operation.Update, async (_, data, ct) =>
            {
                var accessor = FirstNonEmpty(data.GetString("accessor"), data.GetString("urlaccessor"));
                var entry = await core.Tokens.LookupByAccessorAsync(accessor, ct).ConfigureAwait(false);
                if (entry is null || core.Tokens.IsExpired(entry))
                {
                    throw CofferException.BadRequest("invalid accessor");
                }

                var response = Describe(core, entry);
                response.Data!["id"] = string.Empty;
                return response;
            })))
        {
            Synopsis = "Lookup a token's properties by its accessor.",
        },
    ];

    private static async Task<LogicalResponse?> LookupSelfAsync(CofferCore core, LogicalRequest request, CancellationToken cancellationToken) =>
        Describe(core, await core.AuthenticateAsync(request.ClientToken, cancellationToken).ConfigureAwait(false));

    private static async Task<LogicalResponse?> LookupAsync(CofferCore core, FieldData data, CancellationToken cancellationToken)
    {
        var token = FirstNonEmpty(data.GetString("token"), data.GetString("urltoken"));
        if (token.Length == 0)
        {
            throw CofferException.BadRequest("missing token ID");
        }

        var entry = await core.Tokens.LookupAsync(token, cancellationToken).ConfigureAwait(false)
            ?? throw new CofferException(ErrorKind.PermissionDenied, "bad token");
        return Describe(core, entry);
    }

    private static string FirstNonEmpty(string a, string b) => a.Length > 0 ? a : b;

    /// <summary>The lookup document of a token, in Vault's field names.</summary>
    internal static LogicalResponse Describe(CofferCore core, TokenEntry entry)
    {
        var now = core.Time.GetUtcNow();
        var expire = entry.ExpireTime;
        var data = new JsonObject
        {
            ["accessor"] = entry.Accessor,
            ["creation_time"] = entry.CreationTime,
            ["creation_ttl"] = entry.Ttl,
            ["display_name"] = entry.DisplayName,
            ["entity_id"] = entry.EntityId,
            ["expire_time"] = expire?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["explicit_max_ttl"] = entry.ExplicitMaxTtl,
            ["id"] = entry.Id,
            ["issue_time"] = entry.IssueTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture),
            ["meta"] = entry.Meta is null ? null : new JsonObject(entry.Meta.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
            ["num_uses"] = entry.NumUses,
            ["orphan"] = entry.IsOrphan,
            ["path"] = entry.Path,
            ["policies"] = new JsonArray([.. entry.Policies.Select(p => (JsonNode?)p)]),
            ["renewable"] = entry.Renewable,
            ["ttl"] = expire is null ? 0 : Math.Max(0, (long)(expire.Value - now).TotalSeconds),
            ["type"] = entry.Type,
        };
        if (entry.Role.Length > 0)
        {
            data["role"] = entry.Role;
        }

        if (entry.Period > 0)
        {
            data["period"] = entry.Period;
        }

        if (entry.LastRenewalTime > 0)
        {
            data["last_renewal_time"] = entry.LastRenewalTime;
            data["last_renewal"] = DateTimeOffset.FromUnixTimeSeconds(entry.LastRenewalTime).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        }

        if (entry.BoundCidrs.Count > 0)
        {
            data["bound_cidrs"] = new JsonArray([.. entry.BoundCidrs.Select(c => (JsonNode?)c)]);
        }

        return new LogicalResponse { Data = data };
    }
}
