using System.Text;
using Coffer.Replication.Tests.Support;
using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;

namespace Coffer.Replication.Tests.Wal;

public sealed class ReplicatingBackendTests
{
    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public async Task Put_OnEmptyLog_WritesDataAndEntryWithIndexOne()
    {
        var inner = new InMemoryBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);

        await backend.PutAsync(new PhysicalEntry("core/a", Bytes("one")));

        Assert.Equal("one", Encoding.UTF8.GetString((await inner.GetAsync("core/a"))!.Value));
        Assert.NotNull(await inner.GetAsync(ReplicationKeys.LogEntryKey(1)));
        Assert.Equal(1, backend.Log.LastIndex);
        var entries = await backend.Log.ReadFromAsync(1, 10);
        var entry = Assert.Single(entries);
        Assert.Equal(1, entry.Index);
        var operation = Assert.Single(entry.Operations);
        Assert.Equal("core/a", operation.Key);
        Assert.Equal(Bytes("one"), operation.Value);
    }

    [Fact]
    public async Task Commit_BatchWithReservedKey_LogsOnlyReplicatedOperationsAsOneEntry()
    {
        var inner = new InMemoryBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);

        await backend.CommitAsync(
        [
            PhysicalOperation.Put("logical/x", Bytes("1")),
            PhysicalOperation.Put(ReplicationKeys.LocalPrefix + "mine", Bytes("local")),
            PhysicalOperation.Delete("logical/y"),
        ]);

        var entry = Assert.Single(await backend.Log.ReadFromAsync(1, 10));
        Assert.Equal(["logical/x", "logical/y"], entry.Operations.Select(o => o.Key));
        Assert.True(entry.Operations[1].IsDelete);
        Assert.NotNull(await inner.GetAsync(ReplicationKeys.LocalPrefix + "mine"));
    }

    [Fact]
    public async Task Commit_OnlyReservedKeys_AppendsNoEntry()
    {
        var backend = await ReplicatingBackend.OpenAsync(new InMemoryBackend());

        await backend.PutAsync(new PhysicalEntry(ReplicationKeys.LocalPrefix + "x", Bytes("x")));

        Assert.Equal(0, backend.Log.LastIndex);
    }

    [Fact]
    public async Task Put_CallerMutatesArrayAfterwards_LogKeepsOriginalBytes()
    {
        var backend = await ReplicatingBackend.OpenAsync(new InMemoryBackend());
        var value = Bytes("abc");

        await backend.PutAsync(new PhysicalEntry("k", value));
        value[0] = (byte)'z';

        var entry = Assert.Single(await backend.Log.ReadFromAsync(1, 1));
        Assert.Equal(Bytes("abc"), entry.Operations[0].Value);
    }

    [Fact]
    public async Task Log_MoreEntriesThanMaxEntries_DropsOldestInSameCommit()
    {
        var inner = new InMemoryBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner, new ReplicationLogOptions { MaxEntries = 3 });

        for (var i = 1; i <= 5; i++)
        {
            await backend.PutAsync(new PhysicalEntry($"k{i}", Bytes($"v{i}")));
        }

        Assert.Equal(2, backend.Log.TrimmedThrough);
        Assert.Equal(3, backend.Log.FirstRetainedIndex);
        Assert.Equal(3, backend.Log.RetainedCount);
        Assert.Equal(["00000000000000000003", "00000000000000000004", "00000000000000000005"], await inner.ListAsync(ReplicationKeys.LogEntryPrefix));
        await Assert.ThrowsAsync<ReplicationLogTruncatedException>(() => backend.Log.ReadFromAsync(2, 10));
        Assert.Equal([3L, 4L, 5L], (await backend.Log.ReadFromAsync(3, 10)).Select(e => e.Index));
    }

    [Fact]
    public async Task Log_MoreBytesThanMaxBytes_KeepsNewestEntryWithinBound()
    {
        var backend = await ReplicatingBackend.OpenAsync(new InMemoryBackend(), new ReplicationLogOptions { MaxBytes = 300 });

        for (var i = 1; i <= 10; i++)
        {
            await backend.PutAsync(new PhysicalEntry($"k{i}", new byte[100]));
        }

        Assert.True(backend.Log.RetainedBytes <= 300, $"retained {backend.Log.RetainedBytes} bytes");
        Assert.InRange(backend.Log.RetainedCount, 1, 2);
        Assert.Equal(10, backend.Log.LastIndex);

        // A single entry larger than the bound is still kept: the newest entry is never dropped.
        await backend.PutAsync(new PhysicalEntry("big", new byte[1000]));
        Assert.Equal(1, backend.Log.RetainedCount);
        Assert.Equal(11, Assert.Single(await backend.Log.ReadFromAsync(11, 10)).Index);
    }

    [Fact]
    public async Task OpenAsync_AfterRestart_RestoresIdentityIndexesAndEntries()
    {
        var inner = new InMemoryBackend();
        var first = await ReplicatingBackend.OpenAsync(inner, new ReplicationLogOptions { MaxEntries = 4 });
        for (var i = 1; i <= 6; i++)
        {
            await first.PutAsync(new PhysicalEntry($"k{i}", Bytes($"v{i}")));
        }

        // No tail cache: every read after the restart comes from storage.
        var second = await ReplicatingBackend.OpenAsync(inner, new ReplicationLogOptions { MaxEntries = 4, TailCacheEntries = 0 });

        Assert.Equal(first.Log.LogId, second.Log.LogId);
        Assert.Equal(6, second.Log.LastIndex);
        Assert.Equal(2, second.Log.TrimmedThrough);
        Assert.Equal(first.Log.RetainedBytes, second.Log.RetainedBytes);
        var entries = await second.Log.ReadFromAsync(3, 10);
        Assert.Equal([3L, 4L, 5L, 6L], entries.Select(e => e.Index));
        Assert.Equal(Bytes("v5"), entries[2].Operations[0].Value);

        await second.PutAsync(new PhysicalEntry("k7", Bytes("v7")));
        Assert.Equal(7, second.Log.LastIndex);
    }

    [Fact]
    public async Task OpenAsync_OnFreshStorage_GivesEachLogItsOwnId()
    {
        var a = await ReplicatingBackend.OpenAsync(new InMemoryBackend());
        var b = await ReplicatingBackend.OpenAsync(new InMemoryBackend());

        Assert.NotEqual(a.Log.LogId, b.Log.LogId);
    }

    [Fact]
    public async Task ReadFromAsync_MaxBytes_StopsEarlyButReturnsAtLeastOne()
    {
        var backend = await ReplicatingBackend.OpenAsync(new InMemoryBackend());
        for (var i = 0; i < 5; i++)
        {
            await backend.PutAsync(new PhysicalEntry($"k{i}", new byte[100]));
        }

        Assert.Single(await backend.Log.ReadFromAsync(1, 10, maxBytes: 1));
        Assert.Equal(2, (await backend.Log.ReadFromAsync(1, 10, maxBytes: 250)).Count);
        Assert.Equal(5, (await backend.Log.ReadFromAsync(1, 10)).Count);
        Assert.Empty(await backend.Log.ReadFromAsync(6, 10));
    }

    [Fact]
    public async Task WaitForEntriesAfterAsync_CompletesWhenNextEntryCommits()
    {
        var backend = await ReplicatingBackend.OpenAsync(new InMemoryBackend());
        await backend.PutAsync(new PhysicalEntry("a", Bytes("a")));

        var waiting = backend.Log.WaitForEntriesAfterAsync(1);
        Assert.False(waiting.IsCompleted);
        Assert.True(backend.Log.WaitForEntriesAfterAsync(0).IsCompleted);

        await backend.PutAsync(new PhysicalEntry("b", Bytes("b")));
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Commit_GapIndexSource_AssignsItsIndexes()
    {
        var backend = await ReplicatingBackend.OpenAsync(new InMemoryBackend(), new ReplicationLogOptions { IndexSource = new EveryTenth() });

        await backend.PutAsync(new PhysicalEntry("a", Bytes("a")));
        await backend.PutAsync(new PhysicalEntry("b", Bytes("b")));

        Assert.Equal([10L, 20L], (await backend.Log.ReadFromAsync(1, 10)).Select(e => e.Index));
        Assert.Equal([20L], (await backend.Log.ReadFromAsync(11, 10)).Select(e => e.Index));
    }

    [Fact]
    public async Task Commit_ConcurrentWriters_GetGaplessIndexesInCommitOrder()
    {
        var inner = new InMemoryBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(writer => Task.Run(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await backend.PutAsync(new PhysicalEntry($"logical/w{writer}", Bytes($"{i}")));
            }
        })));

        var entries = await backend.Log.ReadFromAsync(1, 10_000);
        Assert.Equal(Enumerable.Range(1, 1600).Select(i => (long)i), entries.Select(e => e.Index));

        // The last logged write of each key is the value storage holds: log order is commit order.
        foreach (var group in entries.SelectMany(e => e.Operations).GroupBy(o => o.Key))
        {
            Assert.Equal(group.Last().Value, (await inner.GetAsync(group.Key))!.Value);
            Assert.Equal("199", Encoding.UTF8.GetString(group.Last().Value!));
        }
    }

    private sealed class EveryTenth : IReplicationIndexSource
    {
        public long NextIndex(long lastIndex) => lastIndex + 10;
    }
}
