using Coffer.Replication.Secondary;
using Coffer.Sdk.Physical;
using Coffer.Replication.Tests.Support;
using Coffer.Testing;

namespace Coffer.Replication.Tests.Replication;

/// <summary>
/// The primary's pause between two batches on a stream (<c>PrimaryReplicatorOptions.ShipInterval</c>, and
/// <c>BusyShipInterval</c> after a batch of many operations).
/// </summary>
public sealed class ShipIntervalTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task EntriesCommittedSoonAfterABatch_WaitForTheInterval_ThenTravelAndCommitTogether()
    {
        var secondaryStorage = new RecordingBackend();
        await using var pair = await DrPair.StartAsync(secondaryStorage: secondaryStorage, shipInterval: Interval);
        await Eventually.TrueAsync(() => pair.Secondary!.Status is { State: SecondaryState.StreamWals, ConnectionState: ConnectionState.Ready },
            DrPair.Patience, "the secondary to stream", state: () => pair.Secondary!.Status.ToString());

        // Nothing was shipped on this stream yet: the first entry goes at once.
        await pair.PutAsync("logical/m/first", "1");
        await pair.WaitCaughtUpAsync(TimeSpan.FromSeconds(1.5));
        await AssertHeldBackThenCommittedTogetherAsync(pair, secondaryStorage, "logical/m/a", "logical/m/b", "logical/m/c");
    }

    [Fact]
    public async Task EntriesCommittedSoonAfterABusyBatch_WaitForTheBusyInterval_ThenTravelTogether()
    {
        var secondaryStorage = new RecordingBackend();
        await using var pair = await DrPair.StartAsync(
            secondaryStorage: secondaryStorage, shipInterval: TimeSpan.Zero, busyShip: (Operations: 4, Interval: Interval));
        await Eventually.TrueAsync(() => pair.Secondary!.Status is { State: SecondaryState.StreamWals, ConnectionState: ConnectionState.Ready },
            DrPair.Patience, "the secondary to stream", state: () => pair.Secondary!.Status.ToString());

        // A quiet stream ships each entry at once (no ship interval here)...
        await pair.PutAsync("logical/m/quiet", "0");
        await pair.WaitCaughtUpAsync(TimeSpan.FromSeconds(1.5));

        // ...until a batch carries the busy threshold's operations: it goes at once, and what follows waits.
        await pair.Backend.CommitAsync([.. Enumerable.Range(0, 4).Select(i => PhysicalOperation.Put($"logical/m/busy{i}", [1]))], TestContext.Current.CancellationToken);
        await pair.WaitCaughtUpAsync(TimeSpan.FromSeconds(1.5));
        await AssertHeldBackThenCommittedTogetherAsync(pair, secondaryStorage, "logical/m/a", "logical/m/b");
    }

    // Puts the keys one by one: none has reached the secondary half a second later, then all arrive in one commit.
    private static async Task AssertHeldBackThenCommittedTogetherAsync(DrPair pair, RecordingBackend secondaryStorage, params string[] keys)
    {
        var commitsBefore = secondaryStorage.Commits.Count;
        foreach (var key in keys)
        {
            await pair.PutAsync(key, "v");
        }

        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        Assert.Null(await secondaryStorage.GetAsync(keys[0], TestContext.Current.CancellationToken));

        await pair.WaitCaughtUpAsync();
        var withData = secondaryStorage.Commits.Skip(commitsBefore)
            .Where(commit => commit.Any(operation => operation.Key.StartsWith("logical/m/", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(keys, Assert.Single(withData)
            .Where(operation => operation.Key.StartsWith("logical/m/", StringComparison.Ordinal)).Select(operation => operation.Key));
    }
}
