using System.Text;
using Coffer.Replication.Secondary;
using Coffer.Replication.Storage;
using Coffer.Replication.Tests.Support;
using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;
using Coffer.Testing;

namespace Coffer.Replication.Tests.Replication;

public sealed class ReindexTests
{
    [Fact]
    public async Task Secondary_NewWithExistingPrimaryData_IsReindexedWithProgress()
    {
        await using var pair = await DrPair.StartAsync(startSecondary: false);
        for (var i = 0; i < 250; i++)
        {
            await pair.PutAsync($"logical/pre/{i % 7}/{i}", $"v{i}");
        }

        // A leftover of the secondary's former life, and a local record that must survive.
        await pair.SecondaryStorage.PutAsync(new PhysicalEntry("core/old-root-token", [9]));
        await pair.SecondaryStorage.PutAsync(new PhysicalEntry(ReplicationKeys.LocalPrefix + "activation", [1]));
        pair.StartSecondary();

        await pair.WaitCaughtUpAsync();

        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(pair.SecondaryStorage));
        Assert.Null(await pair.SecondaryStorage.GetAsync("core/old-root-token"));
        Assert.NotNull(await pair.SecondaryStorage.GetAsync(ReplicationKeys.LocalPrefix + "activation"));
        var status = pair.Secondary!.Status;
        Assert.NotNull(status.LastReindex);
        Assert.Equal(250, status.ReindexKeysTotal);
        Assert.Equal(250, status.ReindexKeysDone);
    }

    [Fact]
    public async Task Secondary_OfflinePastRetainedLog_IsReindexedThenStreams()
    {
        var history = new RecordingBackend();
        await using var pair = await DrPair.StartAsync(new ReplicationLogOptions { MaxEntries = 50 }, history);
        for (var i = 0; i < 40; i++)
        {
            await pair.PutAsync($"logical/k/{i}", "first");
        }

        await pair.WaitCaughtUpAsync();
        await pair.StopSecondaryAsync();

        // 200 more commits: the 50-entry log no longer holds what the secondary needs next.
        for (var i = 0; i < 200; i++)
        {
            if (i % 4 == 0)
            {
                await pair.Backend.DeleteAsync($"logical/k/{i % 40}");
            }
            else
            {
                await pair.PutAsync($"logical/k/{i % 60}", $"second-{i}");
            }
        }

        Assert.True(pair.Backend.Log.TrimmedThrough > 40);
        pair.StartSecondary();
        await pair.WaitCaughtUpAsync();

        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(pair.SecondaryStorage));
        Assert.Equal(2, ReindexMarkers(history));

        // Back to normal streaming after the copy.
        await pair.PutAsync("logical/after", "streamed");
        await pair.WaitCaughtUpAsync();
        Assert.Equal("streamed", Encoding.UTF8.GetString((await pair.SecondaryStorage.GetAsync("logical/after"))!.Value));
        await Eventually.TrueAsync(() => pair.Secondary!.Status.State == SecondaryState.StreamWals,
            DrPair.Patience, "the secondary to stream after the copy", state: () => pair.Secondary!.Status.ToString());
    }

    [Fact]
    public async Task Reindex_WhileWritesContinue_ConvergesToThePrimary()
    {
        // Small chunks into a slow disk with 1 KiB values: the copy takes seconds, and flow control keeps the
        // primary's key reads in step with it, so the writes below land while keys are still being read.
        var slow = new DelayedBackend(new InMemoryBackend(), TimeSpan.FromMilliseconds(3));
        await using var pair = await DrPair.StartAsync(secondaryStorage: slow, startSecondary: false, reindexChunkKeys: 5);
        var filler = new string('x', 1024);
        for (var i = 0; i < 3000; i++)
        {
            await pair.PutAsync($"logical/bulk/{i:D5}", filler + i);
        }

        pair.StartSecondary();
        var random = new Random(11);
        var writes = 0;
        while (pair.Secondary!.Status.LastReindex is null && writes < 20_000)
        {
            var key = $"logical/bulk/{random.Next(4000):D5}";
            if (random.Next(3) == 0)
            {
                await pair.Backend.DeleteAsync(key);
            }
            else
            {
                await pair.PutAsync(key, $"w{writes}");
            }

            writes++;
        }

        await pair.WaitCaughtUpAsync();
        Assert.True(writes > 100, $"only {writes} writes overlapped the copy");
        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(pair.SecondaryStorage));
    }

    [Fact]
    public async Task Secondary_WithDataFromAnotherPrimary_IsReindexed()
    {
        await using var first = await DrPair.StartAsync();
        await first.PutAsync("logical/from-first", "1");
        await first.WaitCaughtUpAsync();
        await first.StopSecondaryAsync();

        // Same storage, now pointed at an unrelated primary (as after update-primary): its indexes mean nothing there.
        await using var second = await DrPair.StartAsync(secondaryStorage: first.SecondaryStorage, startSecondary: false);
        for (var i = 0; i < 5; i++)
        {
            await second.PutAsync($"logical/from-second/{i}", "2");
        }

        second.StartSecondary();
        await second.WaitCaughtUpAsync();

        Assert.Null(await first.SecondaryStorage.GetAsync("logical/from-first"));
        Assert.Equal(await StorageSnapshot.ReplicatedAsync(second.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(first.SecondaryStorage));
    }

    [Fact]
    public async Task RequestReindex_OnStreamingSecondary_RebuildsAndResumes()
    {
        var history = new RecordingBackend();
        await using var pair = await DrPair.StartAsync(secondaryStorage: history);
        await pair.PutAsync("logical/a", "1");
        await pair.WaitCaughtUpAsync();

        // Damage the secondary behind replication's back; a re-index repairs it.
        await history.DeleteAsync("logical/a");
        await history.PutAsync(new PhysicalEntry("logical/stray", [1]));
        pair.Secondary!.RequestReindex();

        await Eventually.TrueAsync(() => ReindexMarkers(history) == 2 && pair.Secondary.Status.State == SecondaryState.StreamWals,
            DrPair.Patience, "a second re-index marker and streaming", state: () => pair.Secondary.Status.ToString());
        await pair.WaitCaughtUpAsync();
        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(history));
        await pair.PutAsync("logical/b", "2");
        await pair.WaitCaughtUpAsync();
        Assert.NotNull(await history.GetAsync("logical/b"));
    }

    [Fact]
    public async Task Reindex_InterruptedBeforeItEnds_IsRedoneAfterRestart()
    {
        await using var pair = await DrPair.StartAsync(startSecondary: false);
        for (var i = 0; i < 100; i++)
        {
            await pair.PutAsync($"logical/k/{i}", "v");
        }

        // Simulate a crash mid-copy: the marker is set and part of the data is written.
        var applier = new SecondaryApplier(pair.SecondaryStorage, 16);
        await applier.BeginReindexAsync(AppliedPosition.None, CancellationToken.None);
        await pair.SecondaryStorage.PutAsync(new PhysicalEntry("logical/k/1", [0]));
        Assert.True((await AppliedPosition.LoadAsync(pair.SecondaryStorage, CancellationToken.None)).NeedsReindex);

        pair.StartSecondary();
        await pair.WaitCaughtUpAsync();

        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(pair.SecondaryStorage));
        Assert.False((await AppliedPosition.LoadAsync(pair.SecondaryStorage, CancellationToken.None)).NeedsReindex);
    }

    [Fact]
    public async Task WipeAsync_RemovesReplicatedDataAndPositionButKeepsReservedKeys()
    {
        var storage = new InMemoryBackend();
        await storage.PutAsync(new PhysicalEntry("core/keyring", [1]));
        await storage.PutAsync(new PhysicalEntry("logical/a/b", [2]));
        await storage.PutAsync(new PhysicalEntry(ReplicationKeys.LocalPrefix + "x", [3]));
        await new SecondaryApplier(storage, 1).FinishReindexAsync("log", 5, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, CancellationToken.None);

        await SecondaryReplicator.WipeAsync(storage);

        Assert.Empty(await StorageSnapshot.ReplicatedAsync(storage));
        Assert.Null(await storage.GetAsync(ReplicationKeys.SecondaryState));
        Assert.NotNull(await storage.GetAsync(ReplicationKeys.LocalPrefix + "x"));
    }

    private static int ReindexMarkers(RecordingBackend history) =>
        history.Commits.Count(c => c.Any(o => o.Key == ReplicationKeys.SecondaryState && SecondaryStateRecord.Parser.ParseFrom(o.Value).ReindexInProgress));
}
