using System.Diagnostics;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>Autopilot state from follower heartbeats: a killed follower turns unhealthy within the threshold, and healthy after it restarts.</summary>
[Trait("Category", "Cluster")]
public sealed class AutopilotTests : IAsyncLifetime
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(3);
    private readonly CofferCluster _cluster = new(3);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task KilledFollower_UnhealthyWithinLastContactThreshold_HealthyAgainAfterRestart()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.FormAsync();
        var active = await _cluster.WaitForActiveAsync();
        var follower = _cluster.Nodes.Last(n => n != active);
        var observer = _cluster.Nodes.First(n => n != active && n != follower);

        // Set through a standby: the request is forwarded to the active node, which applies it.
        await observer.RequireAsync(HttpMethod.Post, "sys/storage/raft/autopilot/configuration",
            new JsonObject { ["last_contact_threshold"] = "3s" }, _cluster.RootToken);
        var configuration = (await active.RequireAsync(HttpMethod.Get, "sys/storage/raft/autopilot/configuration", token: _cluster.RootToken))!["data"]!;
        Assert.Equal("3s", (string)configuration["last_contact_threshold"]!);
        Assert.Equal("24h0m0s", (string)configuration["dead_server_last_contact_threshold"]!);
        Assert.Equal(1000, (long)configuration["max_trailing_logs"]!);

        var healthy = await WaitForStateAsync(observer, s => (bool)s["healthy"]! && (int)s["failure_tolerance"]! == 1, "three healthy voters", ct);
        var server = healthy["servers"]![follower.NodeId]!;
        Assert.Equal(["id", "name", "address", "node_status", "last_contact", "last_term", "last_index", "healthy", "stable_since", "status", "version", "upgrade_version", "node_type"],
            server.AsObject().Select(p => p.Key));
        Assert.Equal("alive", (string)server["node_status"]!);
        Assert.Equal("voter", (string)server["status"]!);
        Assert.Equal("voter", (string)server["node_type"]!);
        Assert.Equal(follower.ClusterAddress, (string)server["address"]!);
        Assert.Contains((string)healthy["leader"]!, _cluster.Nodes.Select(n => n.NodeId));
        Assert.Equal(1, (int)healthy["optimistic_failure_tolerance"]!);

        await follower.KillAsync();
        var killedAt = Stopwatch.StartNew();
        var degraded = await WaitForStateAsync(observer, s => !(bool)s["servers"]![follower.NodeId]!["healthy"]!, "the killed follower reported unhealthy", ct);
        // Heartbeats arrive every second: the last one is at most that old when the process dies.
        Assert.True(killedAt.Elapsed < Threshold + TimeSpan.FromSeconds(3), $"reported unhealthy after {killedAt.Elapsed}");
        Assert.False((bool)degraded["healthy"]!);
        Assert.Equal(0, (int)degraded["failure_tolerance"]!);

        await follower.StartAsync();
        await follower.UnsealAsync(_cluster.Keys);
        var recovered = await WaitForStateAsync(observer, s => (bool)s["healthy"]! && (int)s["failure_tolerance"]! == 1, "healthy again after restart", ct);
        Assert.True((bool)recovered["servers"]![follower.NodeId]!["healthy"]!);
    }

    private async Task<JsonObject> WaitForStateAsync(ClusterNodeProcess node, Func<JsonObject, bool> condition, string what, CancellationToken ct)
    {
        JsonObject? state = null;
        await Eventually.TrueAsync(async () =>
        {
            var (status, body) = await CofferCluster.TrySendAsync(node, HttpMethod.Get, "sys/storage/raft/autopilot/state", _cluster.RootToken);
            state = body?["data"] as JsonObject;
            return status == System.Net.HttpStatusCode.OK && state is not null && condition(state);
        }, TimeSpan.FromSeconds(30), what, ct, TimeSpan.FromMilliseconds(250));
        return state!;
    }
}
