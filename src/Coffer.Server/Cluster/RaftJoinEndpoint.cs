using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Sdk.Errors;
using Coffer.Server.Http;

namespace Coffer.Server.Cluster;

/// <summary>
/// <c>sys/storage/raft/join</c>, served by the joining node itself (it has no storage yet, hence no tokens: the call
/// is unauthenticated, as in Vault). Answers <c>{"joined": true}</c> once the leader handed out its challenge; the
/// join completes when the operator unseals this node with the cluster's key shares.
/// </summary>
internal sealed class RaftJoinEndpoint(CofferCore core, RaftNode node)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (context.Request.Method is not ("PUT" or "POST"))
        {
            throw new CofferException(ErrorKind.UnsupportedOperation, Array.Empty<string>());
        }

        var body = await RawBody.ReadAsync(context).ConfigureAwait(false);
        if (body.Bool("non_voter"))
        {
            throw CofferException.BadRequest("non-voters are not supported");
        }

        if (body.String("auto_join").Length > 0)
        {
            throw CofferException.BadRequest("auto_join is not supported; give the leader's address in leader_api_addr");
        }

        var leader = body.String("leader_api_addr");
        if (leader.Length == 0)
        {
            throw CofferException.BadRequest("leader_api_addr is required");
        }

        if (!Uri.TryCreate(leader, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CofferException.BadRequest($"leader_api_addr must be an http or https URL, found \"{leader}\"");
        }

        if (!node.IsJoining && await core.IsInitializedAsync(context.RequestAborted).ConfigureAwait(false))
        {
            throw CofferException.BadRequest("node is already initialized");
        }

        var target = new JoinTarget(leader)
        {
            CaCertificatePem = Optional(body.String("leader_ca_cert")),
            ClientCertificatePem = Optional(body.String("leader_client_cert")),
            ClientKeyPem = Optional(body.String("leader_client_key")),
            TlsServerName = Optional(body.String("leader_tls_servername")),
        };
        await node.JoinAsync(target, body.Bool("retry"), context.RequestAborted).ConfigureAwait(false);
        await VaultResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, new JsonObject { ["joined"] = true }).ConfigureAwait(false);
    }

    private static string? Optional(string value) => value.Length == 0 ? null : value;
}
