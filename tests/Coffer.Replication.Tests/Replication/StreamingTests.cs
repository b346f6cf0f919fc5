using System.Text;
using Coffer.Replication.Secondary;
using Coffer.Replication.Tests.Support;
using Coffer.Sdk.Physical;
using Coffer.Testing;

namespace Coffer.Replication.Tests.Replication;

public sealed class StreamingTests
{
    [Fact]
    public async Task Stream_WritesOnPrimary_AppearByteIdenticalOnSecondary()
    {
        await using var pair = await DrPair.StartAsync();
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var value = new byte[random.Next(0, 200)];
            random.NextBytes(value);
            switch (i % 10)
            {
                case 7:
                    await pair.Backend.DeleteAsync($"logical/m/{i - 3}");
                    break;
                case 9:
                    await pair.Backend.CommitAsync([PhysicalOperation.Put($"core/batch/{i}/a", value), PhysicalOperation.Put($"core/batch/{i}/b", value), PhysicalOperation.Delete($"logical/m/{i - 1}")]);
                    break;
                default:
                    await pair.Backend.PutAsync(new PhysicalEntry($"logical/m/{i}", value));
                    break;
            }
        }

        await pair.WaitCaughtUpAsync();

        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(pair.SecondaryStorage));
        await Eventually.TrueAsync(() => pair.Secondary!.Status is { State: SecondaryState.StreamWals, ConnectionState: ConnectionState.Ready, LagEntries: 0, LastHeartbeat: not null },
            DrPair.Patience, "the secondary to stream, caught up and with a heartbeat", state: () => pair.Secondary!.Status.ToString());
        var status = pair.Secondary!.Status;
        Assert.Equal(300, status.LastAppliedIndex);
        Assert.Equal(300, status.LastRemoteWal);
        Assert.Equal(0, status.LagSeconds);
        Assert.Equal("stream-wals", status.StateName);
        Assert.Equal("ready", status.ConnectionStateName);
        Assert.Equal(pair.Primary.ClusterId, status.ClusterId);
    }

    [Fact]
    public async Task Stream_BatchesArrivingWhileTheSecondaryCommits_AreCommittedTogether()
    {
        var secondaryStorage = new GatedBackend();
        await using var pair = await DrPair.StartAsync(secondaryStorage: secondaryStorage);
        await pair.PutAsync("logical/first", "v");
        await pair.WaitCaughtUpAsync();

        // The secondary's next commit waits; meanwhile the primary ships 40 writes, one message each.
        var held = secondaryStorage.HoldNextCommit();
        await pair.PutAsync("logical/held", "v");
        await held.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        var commitsBefore = secondaryStorage.Commits.Count;
        for (var i = 0; i < 40; i++)
        {
            await pair.PutAsync($"logical/queued/{i}", "v");
            await Eventually.TrueAsync(() => pair.Primary.GetStatus().LastShippedIndex == pair.Backend.Log.LastIndex,
                DrPair.Patience, "the primary to ship its last index", state: () => pair.Primary.GetStatus().ToString());
        }

        secondaryStorage.Release();
        await pair.WaitCaughtUpAsync();

        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(secondaryStorage));
        var commitsAfter = secondaryStorage.Commits.Count - commitsBefore;
        // One commit per message would be 40; read-ahead holds 16 messages, so a handful of commits take them all.
        Assert.True(commitsAfter <= 12, $"the 40 queued writes took {commitsAfter} commits on the secondary");
    }

    [Fact]
    public async Task Stream_ReservedKeysOnPrimary_AreNotReplicated()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.Backend.CommitAsync([PhysicalOperation.Put(ReplicationKeys.LocalPrefix + "own", [1]), PhysicalOperation.Put("core/x", [2])]);

        await pair.WaitCaughtUpAsync();

        Assert.NotNull(await pair.SecondaryStorage.GetAsync("core/x"));
        Assert.Null(await pair.SecondaryStorage.GetAsync(ReplicationKeys.LocalPrefix + "own"));
        Assert.Null(await pair.SecondaryStorage.GetAsync(ReplicationKeys.PrimaryIdentity));
        Assert.Null(await pair.SecondaryStorage.GetAsync(ReplicationKeys.LogEntryKey(1)));
    }

    [Fact]
    public async Task PrimaryStatus_ConnectedSecondary_ShowsConnectionAndAcknowledgedIndex()
    {
        await using var pair = await DrPair.StartAsync();
        for (var i = 0; i < 10; i++)
        {
            await pair.PutAsync($"logical/k{i}", "v");
        }

        await pair.WaitCaughtUpAsync();

        await Eventually.TrueAsync(
            () => pair.Primary.GetStatus().Secondaries is [{ Connected: true, LastAckedIndex: 10 }],
            DrPair.Patience,
            "the primary to see the secondary acknowledge index 10",
            state: () => string.Join(", ", pair.Primary.GetStatus().Secondaries));
        var status = pair.Primary.GetStatus();
        Assert.Equal(["dr-east"], status.KnownSecondaries);
        Assert.Equal(10, status.LastIndex);
        Assert.Equal(10, status.LastShippedIndex);
        Assert.NotNull(status.Secondaries[0].LastSeen);
    }

    [Fact]
    public async Task Stream_LagWhileSecondaryIsAway_IsReportedInEntriesAndSeconds()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.PutAsync("logical/a", "1");
        await pair.WaitCaughtUpAsync();

        // Revoking would end replication; instead hold the secondary's commits back with a slow storage.
        await pair.StopSecondaryAsync();
        var applied = pair.Backend.Log.LastIndex;
        await Task.Delay(1100);
        for (var i = 0; i < 5; i++)
        {
            await pair.PutAsync($"logical/b{i}", "2");
        }

        var lagging = new LaggingSecondary(pair.SecondaryStorage);
        await using var secondary = new SecondaryReplicator(lagging, pair.Bundle, DrPair.FastSecondary);
        secondary.Start();

        await Eventually.TrueAsync(() => secondary.Status.LastHeartbeat is not null,
            DrPair.Patience, "the lagging secondary's first heartbeat", state: () => secondary.Status.ToString());
        var status = secondary.Status;
        Assert.Equal(applied, status.LastAppliedIndex);
        Assert.Equal(5, status.LagEntries);
        Assert.True(status.LagSeconds >= 1, $"lag {status.LagSeconds}s");

        lagging.Release();
        await secondary.WaitForAppliedIndexAsync(pair.Backend.Log.LastIndex).WaitAsync(TimeSpan.FromSeconds(20));
        await Eventually.TrueAsync(() => secondary.Status is { LagEntries: 0, LagSeconds: 0 },
            DrPair.Patience, "the secondary to report no lag", state: () => secondary.Status.ToString());
    }

    /// <summary>Storage whose commits block until released, so the secondary stays behind on purpose.</summary>
    private sealed class LaggingSecondary(IPhysicalBackend inner) : IPhysicalBackend
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public string Name => inner.Name;

        public void Release() => _released.TrySetResult();

        public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

        public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Put(entry.Key, entry.Value)], cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Delete(key)], cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

        public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
        {
            await _released.Task.WaitAsync(cancellationToken);
            await inner.CommitAsync(operations, cancellationToken);
        }
    }
}
