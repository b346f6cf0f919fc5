using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Barrier;
using Coffer.Core.Ha;
using Coffer.Core.Json;
using Coffer.Core.Storage;
using Coffer.Sdk.Errors;

namespace Coffer.Core;

/// <summary>
/// The active node's side of joining a node to the cluster, after Vault's flow: an unauthenticated challenge that
/// only a holder of the cluster's unseal keys can open, then an answer that proves it and makes the node a voter.
/// </summary>
public sealed partial class CofferCore
{
    private readonly JoinChallenges _joinChallenges;

    /// <summary>
    /// A challenge for <paramref name="nodeId"/>: random bytes and the node's Raft credentials, both sealed with the
    /// barrier keyring, plus the keyring itself (sealed with the root key) and the seal configuration. Unsealing the
    /// joining node with the cluster's key shares rebuilds the root key, which opens the keyring, which opens the rest.
    /// </summary>
    internal async Task<JsonObject> CreateJoinChallengeAsync(string nodeId, CancellationToken cancellationToken)
    {
        var raft = RequireIntegratedStorage();
        if (nodeId.Length == 0)
        {
            throw CofferException.BadRequest("no server id provided");
        }

        var issuer = await ReadRaftIssuerAsync(cancellationToken).ConfigureAwait(false);
        var keyring = await _physical.GetAsync(AesGcmBarrier.KeyringPath, cancellationToken).ConfigureAwait(false)
            ?? throw CofferException.BadRequest("Vault is not initialized");
        var sealConfig = await GetSealConfigAsync(cancellationToken).ConfigureAwait(false)
            ?? throw CofferException.BadRequest("Vault is not initialized");

        var credentials = raft.IssueNodeCredentials(issuer, nodeId);
        var answer = _joinChallenges.Issue(nodeId);
        return new JsonObject
        {
            ["challenge"] = Convert.ToBase64String(Barrier.Encrypt(ClusterPurposes.JoinChallenge(nodeId), answer)),
            ["credentials"] = Convert.ToBase64String(Barrier.Encrypt(ClusterPurposes.JoinCredentials(nodeId), credentials)),
            ["keyring"] = Convert.ToBase64String(keyring.Value),
            ["seal_config"] = JsonSerializer.SerializeToNode(sealConfig, CoreJsonContext.Default.SealConfig),
        };
    }

    /// <summary>
    /// Checks a joining node's answer and adds it to the cluster as a voter. Returns once it caught up, with the
    /// configuration and the commit index the node should reach before it serves.
    /// </summary>
    internal async Task<JsonObject> AnswerJoinChallengeAsync(string nodeId, string answer, string clusterAddress, CancellationToken cancellationToken)
    {
        var raft = RequireIntegratedStorage();
        byte[] decoded;
        try
        {
            decoded = Convert.FromBase64String(answer);
        }
        catch (FormatException)
        {
            throw CofferException.BadRequest("invalid answer given");
        }

        if (clusterAddress.Length == 0)
        {
            throw CofferException.BadRequest("no cluster address provided");
        }

        if (!_joinChallenges.TryConsume(nodeId, decoded))
        {
            throw CofferException.BadRequest("invalid answer given");
        }

        await raft.AddPeerAsync(nodeId, clusterAddress, cancellationToken).ConfigureAwait(false);
        var peers = new JsonArray();
        foreach (var server in raft.GetConfiguration().Servers)
        {
            peers.Add(new JsonObject { ["server_id"] = server.NodeId, ["cluster_addr"] = server.Address });
        }

        return new JsonObject { ["peers"] = peers, ["index"] = raft.CommittedIndex };
    }
}
