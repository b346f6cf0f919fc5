using System.Text.Json.Nodes;
using Coffer.Core.Ha;
using Coffer.Core.Json;
using Coffer.Core.Storage;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary>
/// <c>sys/storage/raft/*</c>: the Raft configuration, <c>remove-peer</c>, autopilot state and configuration, and the
/// active node's side of the join handshake. <c>join</c> itself is served by the HTTP layer of the joining node (it
/// runs before that node has any storage), and so are follower heartbeats (not audited, like Vault's echoes). On a server whose storage is not integrated
/// storage every path explains that, instead of a bare 404, because operators reach these paths from runbooks.
/// </summary>
internal static class SysRaftPaths
{
    private static readonly FieldSchema DrOperationToken =
        FieldSchema.String("dr_operation_token", "DR operation token, on a DR secondary.") with { Sensitive = true };

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("storage/raft/configuration", [DrOperationToken], Handlers.Of(
            (Operation.Read, (_, _, _) => Respond(core, Configuration)),
            (Operation.Update, DrAuthorized(core, (_, _, _) => Respond(core, Configuration)))))
        {
            Synopsis = "The Raft cluster's servers, which one leads, and the configuration's index.",
        },
        new PathSpec("storage/raft/remove-peer", [FieldSchema.String("server_id", "Node id of the server to remove."), DrOperationToken],
            Handlers.Of(Handlers.Write(DrAuthorized(core, async (_, data, ct) =>
            {
                var raft = core.RequireIntegratedStorage();
                var serverId = data.GetString("server_id");
                if (serverId.Length == 0)
                {
                    throw CofferException.BadRequest("no server id provided");
                }

                await raft.RemovePeerAsync(serverId, ct).ConfigureAwait(false);
                return null;
            }))))
        {
            Synopsis = "Remove a server from the Raft cluster; it must wipe its data before joining again.",
        },
        new PathSpec("storage/raft/autopilot/state", [DrOperationToken], Handlers.Of(
            (Operation.Read, (_, _, _) => Respond(core, raft => raft.GetAutopilotState())),
            (Operation.Update, DrAuthorized(core, (_, _, _) => Respond(core, raft => raft.GetAutopilotState())))))
        {
            Synopsis = "Cluster health as autopilot sees it: failure tolerance, leader, voters and every server's state.",
        },
        new PathSpec("storage/raft/autopilot/configuration", [.. AutopilotSettings.Fields, DrOperationToken], Handlers.Of(
            (Operation.Read, (_, _, _) => Respond(core, raft => raft.AutopilotSettings.ToJson())),
            (Operation.Create, DrAuthorized(core, (_, data, ct) => UpdateAutopilotAsync(core, data, ct))),
            (Operation.Update, DrAuthorized(core, (_, data, ct) => UpdateAutopilotAsync(core, data, ct)))))
        {
            Synopsis = "Autopilot settings: health thresholds and dead-server cleanup.",
        },
        new PathSpec("storage/raft/bootstrap/challenge", [FieldSchema.String("server_id", "Node id of the joining server.")],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
                LogicalResponse.WithData(await core.CreateJoinChallengeAsync(data.GetString("server_id"), ct).ConfigureAwait(false)))))
        {
            Synopsis = "Start joining a node: a challenge only a holder of the cluster's unseal keys can open.",
        },
        new PathSpec("storage/raft/bootstrap/answer", [
                FieldSchema.String("server_id", "Node id of the joining server."),
                FieldSchema.String("answer", "The opened challenge, base64.") with { Sensitive = true },
                FieldSchema.String("cluster_addr", "The joining server's cluster address, host:port."),
                FieldSchema.Bool("non_voter", "Join as a non-voter; not supported."),
            ],
            Handlers.Of(Handlers.Write(async (_, data, ct) =>
            {
                if (data.GetBool("non_voter"))
                {
                    throw CofferException.BadRequest("non-voters are not supported");
                }

                return LogicalResponse.WithData(await core.AnswerJoinChallengeAsync(
                    data.GetString("server_id"), data.GetString("answer"), data.GetString("cluster_addr"), ct).ConfigureAwait(false));
            })))
        {
            Synopsis = "Finish joining a node: the answer to its challenge makes it a voter.",
        },
        new PathSpec("storage/raft/(?<rest>snapshot-auto/.*)", [FieldSchema.String("rest", "The snapshot operation.")],
            AllOperations((_, _, _) =>
            {
                core.RequireIntegratedStorage();
                throw CofferException.BadRequest("automated raft snapshots are not supported by this server; save snapshots with sys/storage/raft/snapshot");
            }))
        {
            AcceptsUnknownFields = true,
            Synopsis = "Automated Raft snapshots (an Enterprise feature; not supported).",
        },
        new PathSpec("storage/raft/(?<rest>.*)", [FieldSchema.String("rest", "The raft operation.")],
            AllOperations((_, _, _) =>
            {
                core.RequireIntegratedStorage();
                throw new CofferException(ErrorKind.UnsupportedPath, "unsupported path");
            }))
        {
            AcceptsUnknownFields = true,
            Synopsis = "Integrated storage (raft) administration: peers, autopilot, snapshots.",
        },
    ];

    private static IReadOnlyDictionary<Operation, PathHandler> AllOperations(PathHandler handler) => Handlers.Of(
        (Operation.Read, handler),
        (Operation.Update, handler),
        (Operation.Create, handler),
        (Operation.Delete, handler),
        (Operation.List, handler));

    /// <summary>
    /// A write the router let through without <c>X-Vault-Token</c>, which happens only on a DR secondary (see
    /// <see cref="Replication.DrReplication.TakesOperationTokenInBody"/>), is authorised by the
    /// <c>dr_operation_token</c> in its body before anything else, the integrated-storage check included.
    /// </summary>
    private static PathHandler DrAuthorized(CofferCore core, PathHandler handler) => async (request, data, ct) =>
    {
        if (request.Unauthenticated)
        {
            await core.Replication.ValidateOperationTokenAsync("sys/" + request.Path, data.GetString(DrOperationToken.Name), ct).ConfigureAwait(false);
        }

        return await handler(request, data, ct).ConfigureAwait(false);
    };

    private static Task<LogicalResponse?> Respond(CofferCore core, Func<IIntegratedStorage, JsonObject> data) =>
        Task.FromResult<LogicalResponse?>(LogicalResponse.WithData(data(core.RequireIntegratedStorage())));

    private static JsonObject Configuration(IIntegratedStorage raft)
    {
        var configuration = raft.GetConfiguration();
        var servers = new JsonArray();
        foreach (var server in configuration.Servers)
        {
            servers.Add(new JsonObject
            {
                ["node_id"] = server.NodeId,
                ["address"] = server.Address,
                ["leader"] = server.Leader,
                ["protocol_version"] = "3",
                ["voter"] = server.Voter,
            });
        }

        return new JsonObject { ["config"] = new JsonObject { ["index"] = configuration.Index, ["servers"] = servers } };
    }

    /// <summary>
    /// Changes the settings named in the request; they are cluster-local, so a DR secondary changes its own with a DR
    /// operation token. A write that names none (only a <c>dr_operation_token</c>, the form Vault documents for these
    /// paths on a DR secondary) reads them.
    /// </summary>
    private static async Task<LogicalResponse?> UpdateAutopilotAsync(CofferCore core, FieldData data, CancellationToken cancellationToken)
    {
        var raft = core.RequireIntegratedStorage();
        if (!AutopilotSettings.Fields.Any(field => data.IsSet(field.Name)))
        {
            return LogicalResponse.WithData(raft.AutopilotSettings.ToJson());
        }

        var updated = raft.AutopilotSettings.Merge(data);
        await core.SaveAutopilotSettingsAsync(updated, cancellationToken).ConfigureAwait(false);
        raft.AutopilotSettings = updated;
        return null;
    }
}
