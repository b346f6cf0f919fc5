using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>Every node stopped at once and started again from its data directory: the cluster re-forms and keeps its data.</summary>
[Trait("Category", "Cluster")]
public sealed class RestartTests : IAsyncLifetime
{
    private readonly CofferCluster _cluster = new(3);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact(Timeout = 90_000)]
    public async Task EveryNodeRestartedFromDisk_ReformsWithItsDataAfterUnseal()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.FormAsync();
        var active = await _cluster.WaitForActiveAsync();
        await active.RequireAsync(HttpMethod.Post, "sys/mounts/kv", new JsonObject { ["type"] = "kv" }, _cluster.RootToken);
        await active.RequireAsync(HttpMethod.Put, "kv/before-restart", new JsonObject { ["survives"] = "yes" }, _cluster.RootToken);

        foreach (var node in _cluster.Nodes)
        {
            await node.KillAsync();
        }

        await _cluster.StartAllAsync();
        foreach (var node in _cluster.Nodes)
        {
            Assert.True((bool)(await node.SealStatusAsync())["sealed"]!);

            // Unsealing reads the keyring through Raft, which needs the re-elected leader: retry until there is one.
            await Eventually.TrueAsync(async () =>
            {
                await node.UnsealAsync(_cluster.Keys);
                return true;
            }, TimeSpan.FromSeconds(30), $"{node.NodeId} unsealed", ct);
        }

        await _cluster.WaitForVotersAsync(3);
        foreach (var node in _cluster.Nodes)
        {
            var read = await node.RequireAsync(HttpMethod.Get, "kv/before-restart", token: _cluster.RootToken);
            Assert.Equal("yes", (string)read!["data"]!["survives"]!);
        }

        var after = await _cluster.WaitForActiveAsync();
        await after.RequireAsync(HttpMethod.Put, "kv/after-restart", new JsonObject { ["writes"] = "work" }, _cluster.RootToken);
    }
}
