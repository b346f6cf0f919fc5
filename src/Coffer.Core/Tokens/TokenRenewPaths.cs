using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary><c>auth/token/renew</c>, <c>renew-self</c> and <c>renew-accessor</c>.</summary>
internal static class TokenRenewPaths
{
    private static readonly FieldSchema Increment = FieldSchema.Duration("increment", "Requested extension of the lease; 0 reuses the token's TTL.");

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("renew-self", [FieldSchema.String("token", "Ignored; the calling token is renewed."), Increment], Handlers.Of(Handlers.Write(async (request, data, ct) =>
        {
            var entry = await core.AuthenticateAsync(request.ClientToken, ct).ConfigureAwait(false);
            return await RenewAsync(core, entry, entry.Id, data, ct).ConfigureAwait(false);
        })))
        {
            Synopsis = "Renew the calling token.",
        },
        new PathSpec("renew-accessor", [FieldSchema.String("accessor", "Accessor of the token."), Increment], Handlers.Of(Handlers.Write(async (_, data, ct) =>
        {
            var entry = await core.Tokens.LookupByAccessorAsync(data.GetString("accessor"), ct).ConfigureAwait(false)
                ?? throw CofferException.BadRequest("invalid accessor");
            return await RenewAsync(core, entry, string.Empty, data, ct).ConfigureAwait(false);
        })))
        {
            Synopsis = "Renew a token by its accessor.",
        },
        new PathSpec("renew(/(?<urltoken>.+))?", [FieldSchema.String("token", "Token to renew."), FieldSchema.String("urltoken", "Token to renew (legacy, in the path)."), Increment], Handlers.Of(Handlers.Write(async (_, data, ct) =>
        {
            var token = data.GetString("token");
            token = token.Length > 0 ? token : data.GetString("urltoken");
            if (token.Length == 0)
            {
                throw CofferException.BadRequest("missing token ID");
            }

            var entry = await core.Tokens.LookupAsync(token, ct).ConfigureAwait(false)
                ?? throw CofferException.BadRequest("token not found");
            return await RenewAsync(core, entry, entry.Id, data, ct).ConfigureAwait(false);
        })))
        {
            Synopsis = "Renew a token.",
        },
    ];

    /// <summary>New TTL counted from now, within the mount maximum and the explicit maximum counted from creation.</summary>
    private static async Task<LogicalResponse?> RenewAsync(CofferCore core, TokenEntry entry, string clientToken, FieldData data, CancellationToken cancellationToken)
    {
        if (entry.IsBatch)
        {
            throw CofferException.BadRequest("batch tokens cannot be renewed");
        }

        if (!entry.Renewable || entry.Ttl == 0)
        {
            throw CofferException.BadRequest("lease is not renewable");
        }

        var now = core.Time.GetUtcNow().ToUnixTimeSeconds();
        var (_, mountMax) = core.TokenMountTtls();
        var role = entry.Role.Length > 0 ? await core.Tokens.GetRoleAsync(entry.Role, cancellationToken).ConfigureAwait(false) : null;
        var period = role?.TokenPeriod is > 0 ? role.TokenPeriod : entry.Period;
        var explicitMax = role?.TokenExplicitMaxTtl is > 0 ? role.TokenExplicitMaxTtl : entry.ExplicitMaxTtl;
        var increment = (long)data.GetDuration("increment").TotalSeconds;
        var ttl = period > 0 ? period : increment > 0 ? increment : entry.Ttl;
        ttl = Math.Min(ttl, mountMax);
        if (explicitMax > 0)
        {
            var remaining = entry.CreationTime + explicitMax - now;
            if (remaining <= 0)
            {
                throw CofferException.BadRequest("past the max TTL, cannot renew");
            }

            ttl = Math.Min(ttl, remaining);
        }

        var renewed = entry with { Ttl = ttl, LastRenewalTime = now };
        await core.Tokens.StoreAsync(renewed, cancellationToken).ConfigureAwait(false);
        return new LogicalResponse { Auth = TokenAuth.From(renewed, clientToken) };
    }
}
