using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.DrTests;

/// <summary>
/// DR replication between two three-node integrated-storage clusters of real processes. The secondary's Raft leader
/// runs the replicator (sealed or not), its standbys seal when the cluster becomes a secondary and are unsealed with
/// the primary's keys; a replacement node joins the secondary; when either side's leader dies mid-stream, the new one
/// takes the stream over (the primary's new active node listens on the same <c>primary_cluster_addr</c>).
/// </summary>
[Trait("Category", "Process")]
public sealed class RaftDrPairTests : IAsyncLifetime
{
    private const string DrPolicy = """
        path "sys/replication/dr/secondary/disable" { capabilities = ["update"] }
        path "sys/storage/raft/configuration" { capabilities = ["read", "update"] }
        path "sys/storage/raft/remove-peer" { capabilities = ["update"] }
        """;

    private readonly CofferCluster _primary = new(3);
    private readonly CofferCluster _secondary = new(3);

    public async ValueTask InitializeAsync()
    {
        await Task.WhenAll(_primary.FormAsync(), _secondary.FormAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _secondary.DisposeAsync();
        await _primary.DisposeAsync();
    }

    [Fact(Timeout = 180_000)]
    public async Task ThreeNodeClusters_StreamAcrossLeaderLossOnEitherSide()
    {
        var ct = TestContext.Current.CancellationToken;
        var primary = await _primary.WaitForActiveAsync();
        var root = _primary.RootToken;
        await primary.RequireAsync(HttpMethod.Post, "sys/mounts/secret", new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = "2" } }, root);
        await WriteSecretAsync(primary, "v1");
        var replicationAddress = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{CofferExecutable.FreeLoopbackPort()}");
        await primary.RequireAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new JsonObject { ["primary_cluster_addr"] = replicationAddress }, root);
        await primary.RequireAsync(HttpMethod.Put, "sys/policies/acl/dr-ops", new JsonObject { ["policy"] = DrPolicy }, root);
        await primary.RequireAsync(HttpMethod.Post, "auth/token/roles/failover-handler", new JsonObject
        {
            ["allowed_policies"] = "dr-ops", ["orphan"] = true, ["renewable"] = false, ["token_type"] = "batch",
        }, root);
        var batch = (string)(await primary.RequireAsync(HttpMethod.Post, "auth/token/create/failover-handler", new JsonObject { ["ttl"] = "1h" }, root))!["auth"]!["client_token"]!;
        var activation = (string)(await primary.RequireAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = "dr-b" }, root))!["wrap_info"]!["token"]!;

        ct.ThrowIfCancellationRequested();

        // Enabling on the secondary's active node: every node seals (the standbys because the keyring is replaced),
        // and the leader keeps leading, sealed, to apply the first copy.
        var activeSecondary = await _secondary.WaitForActiveAsync();
        await activeSecondary.RequireAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new JsonObject
        {
            ["token"] = activation, ["primary_api_addr"] = primary.Address,
        }, _secondary.RootToken);
        await Eventually.TrueAsync(async () =>
        {
            foreach (var node in _secondary.Nodes)
            {
                if (!(bool)(await node.SealStatusAsync())["sealed"]!)
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(15), "every secondary node sealed");
        await WaitForCatchUpAsync(primary);

        ct.ThrowIfCancellationRequested();

        // The primary's keys unseal every node; all of them answer as a DR secondary.
        foreach (var node in _secondary.Nodes)
        {
            await node.UnsealAsync(_primary.Keys);
        }

        foreach (var node in _secondary.Nodes)
        {
            await Eventually.TrueAsync(async () => (await CofferCluster.TrySendAsync(node, HttpMethod.Get, "sys/health")).Status == (HttpStatusCode)472,
                TimeSpan.FromSeconds(15), $"{node.NodeId} to answer 472");
        }

        ct.ThrowIfCancellationRequested();

        // Writes keep arriving; a standby forwards status to the active node, which runs the replicator.
        await WriteSecretAsync(primary, "v2");
        var status = await WaitForCatchUpAsync(primary);
        Assert.Equal("dr-b", (string?)status["secondary_id"]);

        ct.ThrowIfCancellationRequested();

        // The secondary's leader dies: another node takes the replicator over and the stream goes on.
        var leader = await _secondary.WaitForActiveAsync();
        await leader.KillAsync();
        var active = await _secondary.WaitForActiveAsync();
        await WriteSecretAsync(primary, "v3");
        await WaitForCatchUpAsync(primary);

        // Raft administration on the secondary with the DR operation token: Vault's PUT form in the body, and a read
        // with the token as X-Vault-Token; the dead node is removed.
        var configuration = await active.RequireAsync(HttpMethod.Put, "sys/storage/raft/configuration", new JsonObject { ["dr_operation_token"] = batch });
        Assert.Equal(3, configuration!["data"]!["config"]!["servers"]!.AsArray().Count);
        await active.RequireAsync(HttpMethod.Put, "sys/storage/raft/remove-peer", new JsonObject { ["dr_operation_token"] = batch, ["server_id"] = leader.NodeId });
        var (read, remaining) = await active.SendAsync(HttpMethod.Get, "sys/storage/raft/configuration", token: batch);
        Assert.Equal(HttpStatusCode.OK, read);
        var servers = remaining!["data"]!["config"]!["servers"]!.AsArray();
        Assert.Equal(2, servers.Count);
        Assert.DoesNotContain(servers, server => (string?)server!["node_id"] == leader.NodeId);
        var (refused, _) = await active.SendAsync(HttpMethod.Put, "sys/storage/raft/remove-peer", new JsonObject { ["server_id"] = "anything" });
        Assert.Equal(HttpStatusCode.BadRequest, refused);

        ct.ThrowIfCancellationRequested();

        // A replacement node joins the secondary from empty storage: the cluster admits it with its own certificate
        // issuer, carried across the keyring replacement, and the primary's keys unseal it.
        Directory.Delete(leader.DataPath, recursive: true);
        await leader.StartAsync();
        await leader.RequireAsync(HttpMethod.Post, "sys/storage/raft/join", new JsonObject { ["leader_api_addr"] = active.Address });
        await leader.UnsealAsync(_primary.Keys);
        await Eventually.TrueAsync(async () =>
        {
            var (status, body) = await CofferCluster.TrySendAsync(active, HttpMethod.Get, "sys/storage/raft/configuration", batch);
            return status == HttpStatusCode.OK && body?["data"]?["config"]?["servers"] is JsonArray members
                && members.Any(server => (string?)server!["node_id"] == leader.NodeId && server["voter"]?.GetValue<bool>() == true);
        }, TimeSpan.FromSeconds(30), $"{leader.NodeId} to rejoin the secondary as a voter", state: _secondary.Outputs);
        var health = await Eventually.ValueAsync(
            async () => await CofferCluster.TrySendAsync(leader, HttpMethod.Get, "sys/health"),
            r => r.Status == (HttpStatusCode)472, TimeSpan.FromSeconds(30), $"the rejoined {leader.NodeId} to answer 472");
        Assert.False((bool)health.Body!["sealed"]!);

        ct.ThrowIfCancellationRequested();

        // The primary's active node dies after acknowledging writes: the new one resumes the log and ships it, from
        // the Raft history every primary node keeps, so the secondary carries on without a re-index.
        var beforeKill = await WaitForCatchUpAsync(primary);
        for (var i = 0; i < 20; i++)
        {
            await primary.RequireAsync(HttpMethod.Post, $"secret/data/burst-{i}", new JsonObject { ["data"] = new JsonObject { ["n"] = i } }, root);
        }

        await primary.KillAsync();
        primary = await _primary.WaitForActiveAsync();
        await WriteSecretAsync(primary, "v4");
        var afterKill = await WaitForCatchUpAsync(primary);
        Assert.Equal((string?)beforeKill["last_reindex_epoch"], (string?)afterKill["last_reindex_epoch"]);

        ct.ThrowIfCancellationRequested();

        // Disabled, the secondary serves what it received, through whichever node is active.
        var survivor = await _secondary.WaitForActiveAsync();
        var (disabled, answer) = await survivor.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/disable", new JsonObject { ["dr_operation_token"] = batch });
        Assert.True(disabled == HttpStatusCode.NoContent, answer?.ToJsonString());
        var secret = await Eventually.ValueAsync(
            async () => await CofferCluster.TrySendAsync(survivor, HttpMethod.Get, "secret/data/app", root),
            r => r.Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the disabled secondary to serve the replicated secret");
        Assert.Equal("v4", (string?)secret.Body!["data"]!["data"]!["password"]);
        var burst = await survivor.RequireAsync(HttpMethod.Get, "secret/data/burst-19", token: root);
        Assert.Equal(19, (int)burst!["data"]!["data"]!["n"]!);
    }

    private Task WriteSecretAsync(ClusterNodeProcess primary, string password) =>
        primary.RequireAsync(HttpMethod.Post, "secret/data/app", new JsonObject { ["data"] = new JsonObject { ["password"] = password } }, _primary.RootToken);

    /// <summary>Waits until some running secondary node reports the primary's last index as applied.</summary>
    private async Task<JsonObject> WaitForCatchUpAsync(ClusterNodeProcess primary)
    {
        var target = (long)(await primary.RequireAsync(HttpMethod.Get, "sys/replication/dr/status"))!["data"]!["last_wal"]!;
        JsonObject? caughtUp = null;
        await Eventually.TrueAsync(async () =>
        {
            foreach (var node in _secondary.Nodes.Where(n => n.IsRunning))
            {
                var (status, body) = await CofferCluster.TrySendAsync(node, HttpMethod.Get, "sys/replication/dr/status");
                if (status == HttpStatusCode.OK && body?["data"] is JsonObject data
                    && (string?)data["state"] == "stream-wals" && data["last_remote_wal"]?.GetValue<long>() >= target)
                {
                    caughtUp = data;
                    return true;
                }
            }

            return false;
        }, TimeSpan.FromSeconds(30), $"a secondary node at index {target}", state: _secondary.Outputs);
        return caughtUp!;
    }
}
