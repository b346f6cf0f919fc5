using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Tokens;

/// <summary>Revocation, the accessor listing and tidy.</summary>
internal static class TokenRevokePaths
{
    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("revoke-self", [], Handlers.Of(Handlers.Write(async (request, _, ct) =>
        {
            var entry = await core.AuthenticateAsync(request.ClientToken, ct).ConfigureAwait(false);
            await RevokeAsync(core, entry, ct).ConfigureAwait(false);
            return null;
        })))
        {
            Synopsis = "Revoke the calling token and all its children.",
        },
        new PathSpec("revoke-accessor(/(?<urlaccessor>.+))?", [FieldSchema.String("accessor", "Accessor of the token."), FieldSchema.String("urlaccessor", "Accessor (legacy, in the path).")],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
            {
                var accessor = data.GetString("accessor");
                accessor = accessor.Length > 0 ? accessor : data.GetString("urlaccessor");
                if (accessor.Length == 0)
                {
                    throw CofferException.BadRequest("missing accessor");
                }

                var entry = await core.Tokens.LookupByAccessorAsync(accessor, ct).ConfigureAwait(false);
                if (entry is null)
                {
                    return new LogicalResponse().AddWarning("No token found with this accessor");
                }

                await core.Tokens.RevokeTreeAsync(entry, ct).ConfigureAwait(false);
                return null;
            })))
        {
            Synopsis = "Revoke a token and its children by the token's accessor.",
        },
        new PathSpec("revoke-orphan(/(?<urltoken>.+))?", [FieldSchema.String("token", "Token to revoke."), FieldSchema.String("urltoken", "Token (legacy, in the path).")],
            Handlers.Of(Handlers.Write(async (request, data, ct) =>
            {
                if (!request.RootPrivileges)
                {
                    throw CofferException.BadRequest("root or sudo privileges required to revoke and orphan");
                }

                var entry = await core.Tokens.LookupAsync(TokenArgument(data), ct).ConfigureAwait(false)
                    ?? throw CofferException.BadRequest("token to revoke not found");
                if (entry.IsBatch)
                {
                    throw CofferException.BadRequest("batch tokens cannot be revoked");
                }

                await core.Tokens.RevokeOrphanAsync(entry, ct).ConfigureAwait(false);
                return null;
            })))
        {
            Synopsis = "Revoke a token but not its children, which become orphans.",
        },
        new PathSpec("revoke(/(?<urltoken>.+))?", [FieldSchema.String("token", "Token to revoke."), FieldSchema.String("urltoken", "Token (legacy, in the path).")],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
            {
                var entry = await core.Tokens.LookupAsync(TokenArgument(data), ct).ConfigureAwait(false);
                if (entry is not null)
                {
                    await RevokeAsync(core, entry, ct).ConfigureAwait(false);
                }

                return null;
            })))
        {
            Synopsis = "Revoke a token and all its children.",
        },
        new PathSpec("accessors/?", [], Handlers.Of((Operation.List, async (_, _, ct) =>
            LogicalResponse.ListOf(await core.Tokens.ListAccessorsAsync(ct).ConfigureAwait(false)))))
        {
            Synopsis = "List the accessors of all service tokens (sudo).",
        },
        new PathSpec("tidy", [], Handlers.Of(Handlers.Write(async (_, _, ct) =>
        {
            var started = core.Expiration.TryStartTidy(ct);
            await Task.CompletedTask.ConfigureAwait(false);
            return new LogicalResponse().AddWarning(started
                ? "Tidy operation successfully started. Any information from the operation will be printed to Vault's server logs."
                : "Tidy operation already in progress.");
        })))
        {
            Synopsis = "Remove expired tokens and dangling index entries.",
        },
    ];

    private static string TokenArgument(FieldData data)
    {
        var token = data.GetString("token");
        token = token.Length > 0 ? token : data.GetString("urltoken");
        return token.Length > 0 ? token : throw CofferException.BadRequest("missing token ID");
    }

    private static Task RevokeAsync(CofferCore core, TokenEntry entry, CancellationToken cancellationToken) =>
        entry.IsBatch
            ? throw CofferException.BadRequest("batch tokens cannot be revoked")
            : core.Tokens.RevokeTreeAsync(entry, cancellationToken);
}
