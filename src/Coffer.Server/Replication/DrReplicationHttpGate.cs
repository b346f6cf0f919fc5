using Coffer.Core;
using Coffer.Core.Replication;
using Coffer.Sdk.Logical;
using Coffer.Server.Http;

namespace Coffer.Server.Replication;

/// <summary>
/// The HTTP edge of DR replication, ahead of every other handler. On a DR secondary, a path outside
/// <see cref="DrSecondaryPaths"/> answers 400 "path disabled in replication DR secondary mode" before any token is
/// looked at. The two status paths are answered here, sealed or not, so an operator can watch a new secondary's
/// first copy complete before unsealing it with the primary's keys (on integrated storage a standby forwards them).
/// </summary>
internal sealed class DrReplicationHttpGate(RequestDelegate next, CofferCore core)
{
    private const string ApiPrefix = "/v1/";

    public async Task InvokeAsync(HttpContext context)
    {
        var raw = context.Request.Path.Value;
        if (raw is null || !raw.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var path = raw[ApiPrefix.Length..].TrimEnd('/');
        // A standby's engine is idle (the active node runs it): its status is the active node's, so it is forwarded.
        if (HttpMethods.IsGet(context.Request.Method) && path is "sys/replication/status" or "sys/replication/dr/status" && !core.IsStandby)
        {
            await WriteStatusAsync(context, path).ConfigureAwait(false);
            return;
        }

        if (core.Replication.IsSecondary && !DrSecondaryPaths.IsAllowed(path))
        {
            await VaultResponseWriter.WriteErrorAsync(context, DrErrors.PathDisabled()).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    private async Task WriteStatusAsync(HttpContext context, string path)
    {
        var ct = context.RequestAborted;
        var data = path == "sys/replication/status"
            ? await core.Replication.StatusAsync(ct).ConfigureAwait(false)
            : await core.Replication.DrStatusAsync(ct).ConfigureAwait(false);
        var request = new LogicalRequest(Operation.Read, path) { MountType = "system" };
        await VaultResponseWriter.WriteLogicalAsync(context, request, LogicalResponse.WithData(data)).ConfigureAwait(false);
    }
}
