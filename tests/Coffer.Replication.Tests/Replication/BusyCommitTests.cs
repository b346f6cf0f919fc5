using Coffer.Replication.Secondary;
using Coffer.Replication.Tests.Support;
using Coffer.Sdk.Physical;
using Coffer.Testing;

namespace Coffer.Replication.Tests.Replication;

/// <summary>The secondary's pacing of its commits while the primary is busy (<c>SecondaryReplicatorOptions.BusyCommitInterval</c>).</summary>
public sealed class BusyCommitTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(4);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AfterABusyCommit_BatchesArrivingWithinTheInterval_WaitAndCommitTogether_ThenAQuietStreamCommitsAtOnce()
    {
        var secondaryStorage = new RecordingBackend();
        await using var pair = await DrPair.StartAsync(
            secondaryStorage: secondaryStorage,
            shipInterval: TimeSpan.Zero,
            secondaryOptions: new SecondaryReplicatorOptions
            {
                InitialBackoff = DrPair.FastSecondary.InitialBackoff,
                MaxBackoff = DrPair.FastSecondary.MaxBackoff,
                BusyCommitOperations = 3,
                BusyCommitInterval = Interval,
            });
        await Eventually.TrueAsync(() => pair.Secondary!.Status is { State: SecondaryState.StreamWals, ConnectionState: ConnectionState.Ready },
            DrPair.Patience, "the secondary to stream", state: () => pair.Secondary!.Status.ToString());

        // One entry of three operations: the secondary commits it at once, and from then on counts the stream as busy.
        await pair.Backend.CommitAsync([Put("logical/m/busy-1"), Put("logical/m/busy-2"), Put("logical/m/busy-3")], Ct);
        await pair.WaitCaughtUpAsync(TimeSpan.FromSeconds(1.5));
        var commitsBefore = secondaryStorage.Commits.Count;

        await pair.PutAsync("logical/m/a", "1");
        await pair.PutAsync("logical/m/b", "2");
        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        Assert.Null(await secondaryStorage.GetAsync("logical/m/a", Ct));

        await pair.WaitCaughtUpAsync(Interval * 3);
        Assert.Equal(["logical/m/a", "logical/m/b"], Assert.Single(DataCommitsSince(secondaryStorage, commitsBefore)));

        // That commit carried two operations, below the threshold: the next batch is applied as it arrives.
        commitsBefore = secondaryStorage.Commits.Count;
        await pair.PutAsync("logical/m/c", "3");
        await pair.WaitCaughtUpAsync(TimeSpan.FromSeconds(1.5));
        Assert.Equal(["logical/m/c"], Assert.Single(DataCommitsSince(secondaryStorage, commitsBefore)));
    }

    private static PhysicalOperation Put(string key) => PhysicalOperation.Put(key, [1]);

    private static List<List<string>> DataCommitsSince(RecordingBackend storage, int first) =>
        storage.Commits.Skip(first)
            .Select(commit => commit.Where(operation => operation.Key.StartsWith("logical/m/", StringComparison.Ordinal)).Select(operation => operation.Key).ToList())
            .Where(keys => keys.Count > 0)
            .ToList();
}
