using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>
/// A follower that is down while the cluster writes past several snapshots (and the log behind them is compacted)
/// comes back and catches up: the leader sends it a snapshot instead of entries it no longer has.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class LaggingFollowerTests : IAsyncLifetime
{
    private const int Writes = 600;

    // Snapshots every 100 commits, keeping only 20 entries behind them: the down follower is soon past the log.
    // Vault's default timings (multiplier 5): the returning follower needs a new TLS connection and a snapshot
    // transfer, which the quick test timings' 300 ms connect timeout could miss on a starved machine.
    private readonly CofferCluster _cluster = new(
        3, raftSettings: "snapshot_threshold = 100\ntrailing_logs = 20\nsnapshot_interval = \"1s\"", performanceMultiplier: 5);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact(Timeout = 150_000)]
    public async Task FollowerDownPastSeveralSnapshots_CatchesUpAfterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.FormAsync();
        var leader = await _cluster.WaitForActiveAsync();
        var root = _cluster.RootToken;
        await leader.RequireAsync(HttpMethod.Post, "sys/mounts/kv", new JsonObject { ["type"] = "kv" }, root);
        var follower = _cluster.Nodes.First(n => n != leader);
        await follower.KillAsync();

        for (var i = 0; i < Writes; i++)
        {
            await leader.RequireAsync(HttpMethod.Put, $"kv/k{i}", new JsonObject { ["value"] = i }, root);
        }

        var target = await LastIndexAsync(leader, leader.NodeId);
        await follower.StartAsync();
        await Eventually.TrueAsync(async () =>
        {
            await follower.UnsealAsync(_cluster.Keys);
            return true;
        }, TimeSpan.FromSeconds(30), $"{follower.NodeId} unsealed", ct, state: _cluster.Outputs);

        // Autopilot reports each follower's applied index from its own heartbeats.
        await Eventually.TrueAsync(async () => await LastIndexAsync(leader, follower.NodeId) >= target,
            TimeSpan.FromSeconds(60), $"{follower.NodeId} caught up to index {target}", ct, state: _cluster.Outputs);

        // Caught up for real: with the old leader gone, the returned follower can lead, and has every write.
        await leader.KillAsync();
        var next = await _cluster.WaitForActiveAsync();
        var (status, last) = await next.SendAsync(HttpMethod.Get, $"kv/k{Writes - 1}", token: root);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Writes - 1, (int)last!["data"]!["value"]!);
    }

    private async Task<long> LastIndexAsync(ClusterNodeProcess active, string nodeId)
    {
        var (status, state) = await CofferCluster.TrySendAsync(active, HttpMethod.Get, "sys/storage/raft/autopilot/state", _cluster.RootToken);
        return status == HttpStatusCode.OK && state?["data"]?["servers"]?[nodeId]?["last_index"] is JsonNode index ? (long)index : -1;
    }
}
