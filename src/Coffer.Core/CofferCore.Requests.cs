using Coffer.Core.Policies;
using Coffer.Core.Replication;
using Coffer.Core.Telemetry;
using Coffer.Core.Tokens;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Microsoft.Extensions.Logging;

namespace Coffer.Core;

/// <summary>The request pipeline: unsealed? → token → existence check → ACL → route → backend.</summary>
public sealed partial class CofferCore
{
    public async Task<LogicalResponse?> HandleRequestAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        var start = CoreMetrics.Start();
        try
        {
            return await HandleCoreAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            CoreMetrics.HandleRequest(request.MountType, OperationNames.Of(request.Operation)).Record(start);
        }
    }

    private async Task<LogicalResponse?> HandleCoreAsync(LogicalRequest request, CancellationToken cancellationToken)
    {
        if (IsSealed)
        {
            throw CofferException.SealedError();
        }

        if (!IsActive)
        {
            // The server forwards a standby's requests; one that still arrives here raced a change of leadership.
            throw new CofferException(ErrorKind.Unavailable, "this node is not the active node; retry the request");
        }

        var fullPath = request.Path;
        if (HasParentSegment(fullPath))
        {
            throw CofferException.BadRequest("path cannot contain parent references");
        }

        if (Replication.IsSecondary && !DrSecondaryPaths.IsAllowed(fullPath))
        {
            throw DrErrors.PathDisabled();
        }

        var mount = _mounts.Match(fullPath);
        var backend = mount is null ? null : BackendFor(mount);
        var relativePath = mount is null ? fullPath : fullPath.Length >= mount.Path.Length ? fullPath[mount.Path.Length..] : string.Empty;

        var unauthenticated = backend is not null
            && (SpecialPaths.Matches(backend.SpecialPaths.Unauthenticated, relativePath) || Replication.TakesOperationTokenInBody(fullPath, request.Operation));
        TokenEntry? caller = null;
        Acl? acl = null;
        if (!unauthenticated)
        {
            caller = await AuthenticateAsync(request.ClientToken, cancellationToken).ConfigureAwait(false);
            if (!BoundCidrs.Allows(caller.BoundCidrs, request.RemoteAddress))
            {
                throw CofferException.InvalidToken();
            }

            acl = await Policies.AclForAsync(caller.Policies, cancellationToken).ConfigureAwait(false);
        }

        if (mount is not null && backend is not null)
        {
            request.MountPoint = mount.Path;
            request.MountType = mount.Type;
            request.MountAccessor = mount.Accessor;
            request.Storage = StorageFor(mount);
            request.Path = relativePath;
            if (request.Operation is Operation.Create or Operation.Update)
            {
                var exists = await backend.ExistsAsync(request, cancellationToken).ConfigureAwait(false);
                request.Operation = exists == false ? Operation.Create : Operation.Update;
            }
        }

        if (acl is not null)
        {
            var decision = acl.Evaluate(request.Operation, fullPath, request.Data, request.WrapTtl);
            request.RootPrivileges = decision.RootPrivileges || decision.IsRoot;
            var allowed = decision.Allowed
                && (backend is null || request.RootPrivileges || !SpecialPaths.Matches(backend.SpecialPaths.Root, relativePath));
            if (!allowed)
            {
                await Audit.LogRequestAsync(request, fullPath, caller, "permission denied", cancellationToken).ConfigureAwait(false);
                throw CofferException.PermissionDenied();
            }
        }

        if (mount is null || backend is null)
        {
            throw new CofferException(ErrorKind.UnsupportedPath, $"no handler for route \"{fullPath}\". route entry not found.");
        }

        request.Unauthenticated = unauthenticated;
        if (caller is not null)
        {
            request.ClientTokenAccessor = caller.Accessor;
            request.DisplayName = caller.DisplayName;
            request.EntityId = caller.EntityId;
        }

        // A read that changes nothing has its request line written with its response line, in one write, before
        // anything read is returned; every other request is on record before it runs.
        var auditAsRead = Audit.Enabled && request.Operation is Operation.Read or Operation.List && request.WrapTtl is null && !backend.ReadsHaveSideEffects;
        if (!auditAsRead)
        {
            await Audit.LogRequestAsync(request, fullPath, caller, null, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            LogicalResponse? response;
            try
            {
                response = await backend.HandleAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (CofferException e)
            {
                await LogResponseAsync(auditAsRead, request, fullPath, caller, null, string.Join("; ", e.Errors), cancellationToken).ConfigureAwait(false);
                throw;
            }
            catch when (auditAsRead)
            {
                await Audit.LogRequestAsync(request, fullPath, caller, null, cancellationToken).ConfigureAwait(false);
                throw;
            }

            if (request.WrapTtl is { } wrapTtl && response is { Raw: null, WrapInfo: null } && !fullPath.StartsWith("sys/wrapping/", StringComparison.Ordinal))
            {
                response = await Wrapping.WrapAsync(ResponseEnvelope.ToUtf8(response, request.Id, request.MountType), fullPath, wrapTtl, response.Auth?.Accessor ?? string.Empty, cancellationToken).ConfigureAwait(false);
            }

            await LogResponseAsync(auditAsRead, request, fullPath, caller, response, null, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            // A request that sealed the server (a DR secondary's activation) has nothing left to count a use against.
            if (caller is not null && !IsSealed)
            {
                await Tokens.UseAsync(caller, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private Task LogResponseAsync(bool withRequestLine, LogicalRequest request, string fullPath, TokenEntry? caller, LogicalResponse? response, string? error,
        CancellationToken cancellationToken) =>
        withRequestLine
            ? Audit.LogReadAsync(request, fullPath, caller, response, error, cancellationToken)
            : Audit.LogResponseAsync(request, fullPath, caller, response, error, cancellationToken);

    /// <summary>Finds the caller's token; a missing token is "permission denied", a bad one also "invalid token".</summary>
    public async Task<TokenEntry> AuthenticateAsync(string clientToken, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(clientToken))
        {
            throw CofferException.PermissionDenied();
        }

        var entry = await Tokens.LookupAsync(clientToken, cancellationToken).ConfigureAwait(false);
        if (entry is not null)
        {
            // A DR secondary accepts what validates without its primary's token bookkeeping: batch tokens, and
            // root tokens without a TTL, as Vault's DR secondaries do. Ordinary service tokens are refused.
            return !Replication.IsSecondary || entry.IsBatch || entry is { IsRoot: true, Ttl: 0 }
                ? entry
                : throw CofferException.PermissionDenied();
        }

        throw await Tokens.ExpiryOfAsync(clientToken, cancellationToken).ConfigureAwait(false) is { } expiredAt
            ? CofferException.ExpiredToken(expiredAt)
            : CofferException.InvalidToken();
    }

    /// <summary>
    /// Authorises a raw (non-logical) endpoint such as <c>sys/seal</c> or <c>sys/generate-root</c>: the token must
    /// hold the capability for the operation on the path, plus sudo when <paramref name="sudo"/>.
    /// </summary>
    public async Task AuthorizeRawAsync(string clientToken, string path, Operation operation, bool sudo, CancellationToken cancellationToken)
    {
        if (IsSealed)
        {
            throw CofferException.SealedError();
        }

        var caller = await AuthenticateAsync(clientToken, cancellationToken).ConfigureAwait(false);
        var acl = await Policies.AclForAsync(caller.Policies, cancellationToken).ConfigureAwait(false);
        var decision = acl.Evaluate(operation, path, null, null);
        if (!decision.Allowed || (sudo && !decision.RootPrivileges && !decision.IsRoot))
        {
            throw CofferException.PermissionDenied();
        }

        await Tokens.UseAsync(caller, cancellationToken).ConfigureAwait(false);
    }

    private static bool HasParentSegment(string path) =>
        path == ".." || path.StartsWith("../", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal)
        || path.Contains("/../", StringComparison.Ordinal);

    internal void LogUnexpected(Exception exception, string path) => Log.RequestFailed(_logger, exception, path);
}
