using Coffer.Replication.Secondary;
using Coffer.Replication.Tests.Support;
using Coffer.Testing;

namespace Coffer.Replication.Tests.Replication;

/// <summary>The primary's pause between two batches on a stream (<c>PrimaryReplicatorOptions.ShipInterval</c>).</summary>
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
        var commitsBefore = secondaryStorage.Commits.Count;

        await pair.PutAsync("logical/m/a", "2");
        await pair.PutAsync("logical/m/b", "3");
        await pair.PutAsync("logical/m/c", "4");
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        Assert.Null(await secondaryStorage.GetAsync("logical/m/a", TestContext.Current.CancellationToken));

        await pair.WaitCaughtUpAsync();
        var withData = secondaryStorage.Commits.Skip(commitsBefore)
            .Where(commit => commit.Any(operation => operation.Key.StartsWith("logical/m/", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(["logical/m/a", "logical/m/b", "logical/m/c"], Assert.Single(withData)
            .Where(operation => operation.Key.StartsWith("logical/m/", StringComparison.Ordinal)).Select(operation => operation.Key));
    }
}
