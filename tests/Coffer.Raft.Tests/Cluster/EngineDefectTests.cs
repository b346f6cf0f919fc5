using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Physical;
using Coffer.Testing;

namespace Coffer.Raft.Tests.Cluster;

/// <summary>The two engine defects found in the spike (spec §3.3), exercised against our configuration.</summary>
public sealed class EngineDefectTests
{
    /// <summary>
    /// Defect #1: a follower whose log ends before the leader's snapshot must receive the snapshot and then the
    /// rest of the log. With a request timeout shorter than the snapshot transfer it never converged in the spike.
    /// </summary>
    [Fact(Timeout = 120_000)]
    public async Task FollowerBehindLeaderSnapshot_Restarted_CatchesUpThroughTheSnapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync(o => o with
        {
            TrailingLogs = 0,
            // The lagging node never snapshots on its own: any snapshot it holds came from the leader.
            SnapshotThreshold = o.NodeId == "n3" ? long.MaxValue : 1_000_000,
        });
        var leader = await cluster.LeaderAsync();
        if (leader.NodeId == "n3")
        {
            await cluster.StopAsync("n3");
            await cluster.RestartAsync("n3");
            leader = await cluster.LeaderAsync();
            Assert.SkipWhen(leader.NodeId == "n3", "n3 won two elections in a row; the scenario needs it to be a follower");
        }

        await cluster.StopAsync("n3");
        var value = new byte[2048];
        Random.Shared.NextBytes(value);
        await WriteManyAsync(leader, "bulk/", 1500, value, ct);
        var bulkIndex = leader.CommitIndex;
        var snapshotIndex = await leader.SnapshotNowAsync();
        await WriteManyAsync(leader, "tail/", 50, value, ct);
        // Concurrent writes share log entries (group commit), so the bulk takes fewer than 1,500 entries.
        Assert.True(snapshotIndex >= bulkIndex, $"snapshot index {snapshotIndex} covers the bulk writes up to {bulkIndex}");
        Assert.Equal(snapshotIndex, leader.SnapshotIndex);

        var lagging = await cluster.RestartAsync("n3");
        var target = leader.CommitIndex;
        await Eventually.TrueAsync(() => lagging.AppliedIndex >= target, TimeSpan.FromSeconds(30), $"n3 applies up to {target}");

        Assert.True(lagging.SnapshotIndex >= snapshotIndex, $"n3 installed the leader's snapshot ({lagging.SnapshotIndex} < {snapshotIndex})");
        Assert.Equal(1500, (await lagging.ListAsync("bulk/", ct)).Count);
        Assert.Equal(50, (await lagging.ListAsync("tail/", ct)).Count);
        var sample = await lagging.GetAsync("bulk/0777", ct);
        Assert.NotNull(sample);
        Assert.Equal(value, sample.Value);
    }

    /// <summary>
    /// Defect #2: the log keeps every chunk file open (memory-mapped) until a snapshot lets it delete them; 4 KiB data
    /// chunks and 4 KiB values ran the spike out of descriptors. MiB data chunks fix the data side, but the metadata
    /// pages stay 4 KiB (64 bytes per entry, not configurable): one more open file per 64 entries per node until the
    /// next snapshot. Regular snapshots are what bound the count. The threshold is below <c>trailing_logs</c>, as with
    /// Vault's defaults (8,192 and 10,000), so each snapshot is taken before the previous one may truncate the log: the
    /// older one must still be handed to the engine when due (group commit puts the 5,000 writes in ~560 entries).
    /// </summary>
    [Fact(Timeout = 180_000)]
    public async Task ManyFourKibWrites_ThreeNodesInOneProcess_OpenFileDescriptorsStayBounded()
    {
        Assert.SkipUnless(Directory.Exists("/proc/self/fd"), "needs /proc/self/fd (Linux)");
        var ct = TestContext.Current.CancellationToken;
        const int threshold = 100;
        const int trailing = 150;
        await using var cluster = await RaftTestCluster.StartThreeAsync(o => o with
        {
            SnapshotThreshold = threshold,
            TrailingLogs = trailing,
            SnapshotInterval = TimeSpan.FromMilliseconds(10),
        });
        var leader = await cluster.LeaderAsync();
        var baseline = OpenDescriptors();
        var peak = baseline;
        var value = new byte[4096];
        Random.Shared.NextBytes(value);
        const int writes = 5000;
        const int writers = 16;

        var started = DateTime.UtcNow;
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < writes)
            {
                await leader.PutAsync(new PhysicalEntry($"fd/{i:D5}", value), ct);
                if (i % 250 == 0)
                {
                    InterlockedMax(ref peak, OpenDescriptors());
                }
            }
        }, ct)));
        var elapsed = DateTime.UtcNow - started;
        InterlockedMax(ref peak, OpenDescriptors());

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{writes} x 4 KiB with {writers} writers: {writes / elapsed.TotalSeconds:0} writes/s; descriptors {baseline} -> peak {peak}");
        foreach (var id in cluster.NodeIds)
        {
            foreach (var dir in Directory.GetDirectories(Path.Combine(cluster.DataPath(id), "wal")))
            {
                var files = Directory.GetFiles(dir);
                TestContext.Current.TestOutputHelper?.WriteLine($"{id} {Path.GetFileName(dir)}: {files.Length} files, {files.Sum(f => new FileInfo(f).Length)} bytes");
            }
        }

        Assert.True(peak - baseline < 150, $"open descriptors grew from {baseline} to {peak}");
        foreach (var node in cluster.Running)
        {
            Assert.Equal(writes, (await node.ListAsync("fd/", ct)).Count);
        }

        // Each node has handed the engine a snapshot it may truncate its log to, no more than two snapshots and the
        // trailing entries behind its applied index (the threshold is checked every 10 ms, so each new snapshot
        // comes before the previous one is due).
        await Eventually.TrueAsync(() => cluster.Running.All(n => n.SnapshotIndex > 0 && n.AppliedIndex - n.SnapshotIndex <= trailing + 2 * threshold + 100),
            TimeSpan.FromSeconds(10), "every node to publish a recent snapshot",
            state: () => string.Join(", ", cluster.Running.Select(n => $"{n.NodeId} applied {n.AppliedIndex} snapshot {n.SnapshotIndex}")));
    }

    private static async Task WriteManyAsync(RaftBackend leader, string prefix, int count, byte[] value, CancellationToken ct)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await leader.PutAsync(new PhysicalEntry($"{prefix}{i:D4}", value), ct);
            }
        }, ct)));
    }

    private static int OpenDescriptors() => Directory.GetFileSystemEntries("/proc/self/fd").Length;

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
