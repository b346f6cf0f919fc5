using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary><c>remove-peer</c> takes a follower out of the configuration; the remaining two keep serving.</summary>
[Trait("Category", "Cluster")]
public sealed class RemovePeerTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("coffer-cluster-home-").FullName;
    private readonly CofferCluster _cluster = new(3);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact(Timeout = 90_000)]
    public async Task RemovePeer_FollowerLeavesTheConfiguration_TwoVotersKeepServing()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.FormAsync();
        var active = await _cluster.WaitForActiveAsync();
        var removed = _cluster.Nodes.Last(n => n != active);
        var remaining = _cluster.Nodes.First(n => n != active && n != removed);
        var cli = new ClusterCli(_cluster, _home) { Token = _cluster.RootToken };

        var refused = await cli.RunAsync(remaining, $"coffer operator raft remove-peer {active.NodeId}", expectedExit: 2);
        Assert.Contains("cannot remove the active node", refused.Stderr);
        var output = await cli.RunAsync(remaining, $"coffer operator raft remove-peer {removed.NodeId}");
        Assert.Contains("Peer removed successfully!", output.Stdout);
        await removed.KillAsync();

        await _cluster.WaitForVotersAsync(2);
        var peers = JsonNode.Parse((await cli.RunAsync(remaining, "coffer operator raft list-peers -format=json")).Stdout)!;
        Assert.Equal(
            new[] { active.NodeId, remaining.NodeId }.Order(StringComparer.Ordinal),
            peers["data"]!["config"]!["servers"]!.AsArray().Select(s => (string)s!["node_id"]!));

        await remaining.RequireAsync(HttpMethod.Post, "sys/mounts/kv", new JsonObject { ["type"] = "kv" }, _cluster.RootToken);
        await remaining.RequireAsync(HttpMethod.Put, "kv/after-removal", new JsonObject { ["ok"] = true }, _cluster.RootToken);
        await Eventually.TrueAsync(async () =>
        {
            var (status, body) = await CofferCluster.TrySendAsync(remaining, HttpMethod.Get, "sys/storage/raft/autopilot/state", _cluster.RootToken);
            return status == HttpStatusCode.OK && body!["data"]!["servers"]!.AsObject().Count == 2 && (bool)body["data"]!["healthy"]!;
        }, TimeSpan.FromSeconds(20), "autopilot state of two healthy servers", ct);
    }
}
