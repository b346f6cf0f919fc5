using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>
/// <c>operator raft snapshot save</c> and <c>restore</c> through a standby (forwarded to the active node): the cluster
/// returns to the saved state on every node, and a follower that takes over after the restore serves it too.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class SnapshotTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("coffer-cluster-home-").FullName;
    private readonly CofferCluster _cluster = new(3);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact(Timeout = 120_000)]
    public async Task SaveThenRestore_ThroughAStandby_EveryNodeServesTheSavedState()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.FormAsync();
        var active = await _cluster.WaitForActiveAsync();
        var standby = _cluster.Nodes.First(n => n != active);
        var token = _cluster.RootToken;
        var cli = new ClusterCli(_cluster, _home) { Token = token };
        await active.RequireAsync(HttpMethod.Post, "sys/mounts/kv", new JsonObject { ["type"] = "kv" }, token);
        await active.RequireAsync(HttpMethod.Put, "kv/kept", new JsonObject { ["value"] = "saved" }, token);
        await active.RequireAsync(HttpMethod.Put, "kv/deleted-later", new JsonObject { ["value"] = "saved" }, token);

        await cli.RunAsync(standby, "coffer operator raft snapshot save \"$HOME/raft.snap\"");
        Assert.True(new FileInfo(Path.Combine(_home, "raft.snap")).Length > 0);

        await standby.RequireAsync(HttpMethod.Put, "kv/kept", new JsonObject { ["value"] = "changed" }, token);
        await standby.RequireAsync(HttpMethod.Delete, "kv/deleted-later", null, token);
        await standby.RequireAsync(HttpMethod.Put, "kv/written-later", new JsonObject { ["value"] = "new" }, token);
        await standby.RequireAsync(HttpMethod.Post, "sys/mounts/other", new JsonObject { ["type"] = "kv" }, token);

        await cli.RunAsync(standby, "coffer operator raft snapshot restore \"$HOME/raft.snap\"");

        await AssertSavedStateOnEveryNodeAsync(token, ct);

        // The followers applied the restore themselves: one of them takes over and serves the same state.
        var restoredActive = await _cluster.WaitForActiveAsync();
        await restoredActive.KillAsync();
        await _cluster.WaitForActiveAsync(TimeSpan.FromSeconds(30));
        await AssertSavedStateOnEveryNodeAsync(token, ct);
    }

    private async Task AssertSavedStateOnEveryNodeAsync(string token, CancellationToken cancellationToken)
    {
        foreach (var node in _cluster.Nodes.Where(n => n.IsRunning))
        {
            await Eventually.TrueAsync(async () =>
            {
                var (kept, keptBody) = await CofferCluster.TrySendAsync(node, HttpMethod.Get, "kv/kept", token);
                var (deleted, _) = await CofferCluster.TrySendAsync(node, HttpMethod.Get, "kv/deleted-later", token);
                var (later, _) = await CofferCluster.TrySendAsync(node, HttpMethod.Get, "kv/written-later", token);
                var (mounts, mountsBody) = await CofferCluster.TrySendAsync(node, HttpMethod.Get, "sys/mounts", token);
                return kept == HttpStatusCode.OK && (string?)keptBody?["data"]?["value"] == "saved"
                    && deleted == HttpStatusCode.OK
                    && later == HttpStatusCode.NotFound
                    && mounts == HttpStatusCode.OK && mountsBody?["data"]?["other/"] is null && mountsBody?["data"]?["kv/"] is not null;
            }, TimeSpan.FromSeconds(20), $"the saved state through {node.NodeId}", cancellationToken);
        }
    }
}
