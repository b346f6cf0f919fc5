using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>
/// 20,000 writes of 4 KiB values through the API of a three-node cluster, eight at a time: every one is
/// acknowledged, the data survives, no node leaks file descriptors (log segments and snapshots are closed), and
/// every node truncates its log. The snapshot threshold is below <c>trailing_logs</c>, as with Vault's defaults
/// (8,192 and 10,000), scaled down so that snapshots fall due within the run.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class VolumeTests : IAsyncLifetime
{
    private const int Writes = 20_000;
    private const int Writers = 8;
    private const int MaxOpenDescriptors = 1_000;

    private const int SnapshotThreshold = 500;
    private const int TrailingLogs = 700;

    private readonly CofferCluster _cluster = new(
        3, raftSettings: $"snapshot_threshold = {SnapshotThreshold}\ntrailing_logs = {TrailingLogs}\nsnapshot_interval = \"100ms\"");

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

        // The log's first metadata pages (64 entries each) are gone once a snapshot has been handed to the engine.
        foreach (var node in _cluster.Nodes)
        {
            var pages = Directory.GetFiles(Path.Combine(node.DataPath, "wal", "metadata"))
                .Select(f => uint.TryParse(Path.GetFileName(f), CultureInfo.InvariantCulture, out var page) ? page : uint.MaxValue)
                .ToList();
            Assert.True(pages.Count > 0 && pages.Min() > 0, $"{node.NodeId} still holds log page 0 ({pages.Count} pages): the log was never truncated");
        }
    }
}
