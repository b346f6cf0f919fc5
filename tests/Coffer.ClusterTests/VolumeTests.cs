using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>
/// 20,000 writes of 4 KiB values through the API of a three-node cluster, eight at a time: every one is
/// acknowledged, the data survives, and no node leaks file descriptors (log segments and snapshots are closed).
/// </summary>
[Trait("Category", "Cluster")]
public sealed class VolumeTests : IAsyncLifetime
{
    private const int Writes = 20_000;
    private const int Writers = 8;
    private const int MaxOpenDescriptors = 1_000;

    private readonly CofferCluster _cluster = new(3);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _cluster.DisposeAsync();

    [Fact(Timeout = 300_000)]
    public async Task TwentyThousandWritesOf4KiB_AllAcknowledged_NoDescriptorLeak()
    {
        var ct = TestContext.Current.CancellationToken;
        await _cluster.FormAsync();
        var leader = await _cluster.WaitForActiveAsync();
        var root = _cluster.RootToken;
        await leader.RequireAsync(HttpMethod.Post, "sys/mounts/kv", new JsonObject { ["type"] = "kv" }, root);
        var value = new string('v', 4096);

        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            int key;
            while ((key = Interlocked.Increment(ref next)) < Writes)
            {
                ct.ThrowIfCancellationRequested();
                var (status, body) = await leader.SendAsync(HttpMethod.Put, string.Create(CultureInfo.InvariantCulture, $"kv/k{key}"),
                    new JsonObject { ["value"] = value, ["n"] = key }, root);
                Assert.True(status == HttpStatusCode.NoContent, $"write {key}: {(int)status} {body?.ToJsonString()}");
            }
        }));

        foreach (var node in _cluster.Nodes)
        {
            var descriptors = Directory.GetFiles($"/proc/{node.Process!.ProcessId}/fd").Length;
            Assert.True(descriptors < MaxOpenDescriptors, $"{node.NodeId} holds {descriptors} open descriptors");
        }

        foreach (var key in new[] { 0, Writes / 2, Writes - 1 })
        {
            var read = await leader.RequireAsync(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"kv/k{key}"), token: root);
            Assert.Equal(key, (int)read!["data"]!["n"]!);
            Assert.Equal(4096, ((string)read["data"]!["value"]!).Length);
        }

        var keys = await leader.RequireAsync(HttpMethod.Get, "kv?list=true", token: root);
        Assert.Equal(Writes, keys!["data"]!["keys"]!.AsArray().Count);
    }
}
