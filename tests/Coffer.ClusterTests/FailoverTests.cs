using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>The active node dies under continuous writes: another node takes over, and every acknowledged write survives.</summary>
[Trait("Category", "Cluster")]
public sealed class FailoverTests : IAsyncLifetime
{
    private const int WritesBeforeKill = 15;
    private const int WritesAfterKill = 15;
    private readonly CofferCluster _cluster = new(3);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Theory(Timeout = 90_000)]
    [InlineData("")]
    [InlineData("leader_lease_reads = true")]
    public async Task LeaderKilledUnderWrites_NewLeaderTakesOver_NoAcknowledgedWriteLost(string raftSettings)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = new CofferCluster(3, raftSettings: raftSettings);
        await cluster.FormAsync();
        var leader = await cluster.WaitForActiveAsync();
        await leader.RequireAsync(HttpMethod.Post, "sys/mounts/kv", new JsonObject { ["type"] = "kv" }, cluster.RootToken);
        var writer = cluster.Nodes.First(n => n != leader);

        var acknowledged = new List<int>();
        var failures = new List<string>();
        var next = 0;
        async Task WriteUntilAsync(int count, TimeSpan patience)
        {
            var deadline = DateTime.UtcNow + patience;
            var target = acknowledged.Count + count;
            while (acknowledged.Count < target)
            {
                Assert.True(DateTime.UtcNow < deadline, $"only {acknowledged.Count} of {target} writes acknowledged; failures: {string.Join(", ", failures)}\n{cluster.Outputs()}");
                ct.ThrowIfCancellationRequested();
                var key = next++;
                var (status, body) = await CofferCluster.TrySendAsync(writer, HttpMethod.Put, $"kv/w{key}", cluster.RootToken, new JsonObject { ["value"] = key });
                if (status == HttpStatusCode.NoContent)
                {
                    acknowledged.Add(key);
                }
                else
                {
                    failures.Add($"{(int)status} {body?.ToJsonString()}");
                    await Task.Delay(50, ct);
                }
            }
        }

        await WriteUntilAsync(WritesBeforeKill, TimeSpan.FromSeconds(20));
        var writes = WriteUntilAsync(WritesAfterKill, TimeSpan.FromSeconds(45));
        await Task.Delay(100, ct);
        await leader.KillAsync();
        await writes;

        var successor = await cluster.WaitForActiveAsync();
        Assert.NotEqual(leader.NodeId, successor.NodeId);
        // A write caught in the failover fails with a retryable 503 (or never reaches a server); nothing else.
        Assert.All(failures, f => Assert.Matches(@"^(503|0) ", f));

        foreach (var node in cluster.Nodes.Where(n => n.IsRunning))
        {
            foreach (var key in acknowledged)
            {
                var read = await node.RequireAsync(HttpMethod.Get, $"kv/w{key}", token: cluster.RootToken);
                Assert.Equal(key, (int)read!["data"]!["value"]!);
            }
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task ActiveNodeSealed_AStandbyTakesOver_TheSealedNodeNeverLeads()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.FormAsync();
        var sealedNode = await _cluster.WaitForActiveAsync();

        await sealedNode.RequireAsync(HttpMethod.Put, "sys/seal", token: _cluster.RootToken);

        var successor = await _cluster.WaitForActiveAsync();
        Assert.NotEqual(sealedNode.NodeId, successor.NodeId);
        var peers = (await successor.RequireAsync(HttpMethod.Get, "sys/storage/raft/configuration", token: _cluster.RootToken))!;
        Assert.Equal(successor.NodeId, (string)peers["data"]!["config"]!["servers"]!.AsArray().Single(p => (bool)p!["leader"]!)!["node_id"]!);
        var (sealedStatus, _) = await sealedNode.SendAsync(HttpMethod.Get, "sys/leader");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, sealedStatus);

        // The remaining standby forwards to the new active node.
        var standby = _cluster.Nodes.Single(n => n != sealedNode && n != successor);
        await standby.RequireAsync(HttpMethod.Post, "sys/mounts/kv", new JsonObject { ["type"] = "kv" }, _cluster.RootToken);

        await sealedNode.UnsealAsync(_cluster.Keys);
        await Eventually.TrueAsync(async () =>
        {
            var (status, leader) = await CofferCluster.TrySendAsync(sealedNode, HttpMethod.Get, "sys/leader");
            return status == HttpStatusCode.OK && (string?)leader?["leader_address"] == successor.Address;
        }, TimeSpan.FromSeconds(20), "the unsealed node follows the new active node", ct);
        var read = await sealedNode.RequireAsync(HttpMethod.Get, "sys/mounts", token: _cluster.RootToken);
        Assert.NotNull(read!["data"]!["kv/"]);
    }
}
