using System.Text;
using Coffer.Replication.Secondary;
using Coffer.Replication.Storage;
using Coffer.Replication.Tests.Support;
using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;
using Coffer.Testing;

namespace Coffer.Replication.Tests.Replication;

public sealed class RestartTests
{
    [Fact]
    public async Task Secondary_RestartedMidStream_ResumesWithoutLossOrDuplicates()
    {
        var history = new RecordingBackend();
        await using var pair = await DrPair.StartAsync(secondaryStorage: history);
        await pair.WaitCaughtUpAsync();
        var commitsBeforeWrites = history.Commits.Count;

        const int total = 1500;
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                await pair.PutAsync($"logical/seq/{i:D5}", $"value-{i}");
                if (i % 10 == 0)
                {
                    // Paced, so the secondary is stopped while the stream is still busy.
                    await Task.Delay(1);
                }
            }
        });

        // Stop the secondary while writes are still flowing, then start a new one on the same storage.
        await Eventually.TrueAsync(() => pair.Secondary!.Status.LastAppliedIndex >= 200,
            DrPair.Patience, "the secondary to apply index 200", state: () => pair.Secondary!.Status.ToString());
        await pair.StopSecondaryAsync();
        var appliedAtStop = (await StorageSnapshot.ReplicatedAsync(history)).Count;
        pair.StartSecondary();
        await writer;
        await pair.WaitCaughtUpAsync();

        Assert.True(appliedAtStop < total, "the restart happened after all writes had already been applied");
        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(history));

        // Every write arrived exactly once, in primary order, and the persisted position advanced in step.
        var streamed = history.Commits.Skip(commitsBeforeWrites).ToList();
        var puts = streamed.SelectMany(c => c).Where(o => o.Key.StartsWith("logical/seq/", StringComparison.Ordinal)).Select(o => o.Key).ToList();
        Assert.Equal(Enumerable.Range(0, total).Select(i => $"logical/seq/{i:D5}"), puts);
        var appliedIndexes = streamed
            .Select(c => c.Single(o => o.Key == ReplicationKeys.SecondaryState))
            .Select(o => SecondaryStateRecord.Parser.ParseFrom(o.Value))
            .Select(r => (long)r.AppliedIndex)
            .ToList();
        Assert.Equal(appliedIndexes.Order(), appliedIndexes);
        Assert.Equal(appliedIndexes.Count, appliedIndexes.Distinct().Count());
        Assert.Equal(total, appliedIndexes[^1]);

        // The only re-index is the initial one, before any write: the restart resumed from its position.
        Assert.Single(history.Commits, c => c.Any(o => o.Key == ReplicationKeys.SecondaryState && SecondaryStateRecord.Parser.ParseFrom(o.Value).ReindexInProgress));
    }

    [Fact]
    public async Task Primary_Restarted_ResumesShippingWithoutReindex()
    {
        var history = new RecordingBackend();
        await using var pair = await DrPair.StartAsync(secondaryStorage: history);
        for (var i = 0; i < 20; i++)
        {
            await pair.PutAsync($"logical/before/{i}", "x");
        }

        await pair.WaitCaughtUpAsync();

        // Writes keep landing while the replication service is down, then it comes back on the same port.
        await pair.RestartPrimaryAsync(async () =>
        {
            var offline = await ReplicatingBackend.OpenAsync(pair.PrimaryStorage, pair.LogOptions);
            for (var i = 0; i < 20; i++)
            {
                await offline.PutAsync(new PhysicalEntry($"logical/during/{i}", Encoding.UTF8.GetBytes("y")));
            }
        });
        for (var i = 0; i < 20; i++)
        {
            await pair.PutAsync($"logical/after/{i}", "z");
        }

        await pair.WaitCaughtUpAsync();

        Assert.Equal(60, pair.Secondary!.Status.LastAppliedIndex);
        Assert.Single(history.Commits, c => c.Any(o => o.Key == ReplicationKeys.SecondaryState && SecondaryStateRecord.Parser.ParseFrom(o.Value).ReindexInProgress));
        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(pair.SecondaryStorage));
        await Eventually.TrueAsync(() => pair.Secondary.Status.State == SecondaryState.StreamWals,
            DrPair.Patience, "the restarted secondary to stream", state: () => pair.Secondary.Status.ToString());
    }
}
