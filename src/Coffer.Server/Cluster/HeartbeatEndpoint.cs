using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Sdk.Errors;
using Coffer.Server.Http;

namespace Coffer.Server.Cluster;

/// <summary>
/// <c>POST sys/storage/raft/heartbeat</c> on the active node: a standby's sealed report for autopilot. Served outside
/// the logical pipeline, so that a report every second from every standby does not fill the audit log (Vault does not
/// audit its echoes either). Without a token: only a node holding the barrier keyring can seal a heartbeat.
/// </summary>
internal sealed class HeartbeatEndpoint(CofferCore core)
{
    public const string Path = "sys/storage/raft/heartbeat";

    public async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method is not ("PUT" or "POST"))
        {
            throw new CofferException(ErrorKind.UnsupportedOperation, Array.Empty<string>());
        }

        var body = await RawBody.ReadAsync(context).ConfigureAwait(false);
        var accepted = core.AcceptHeartbeat(body.String("node_id"), body.String("heartbeat"));
        await VaultResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["accepted"] = accepted }).ConfigureAwait(false);
    }
}
