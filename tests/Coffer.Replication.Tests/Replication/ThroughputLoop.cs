using System.Diagnostics;
using Coffer.Replication.Tests.Support;
using Coffer.Replication.Wal;

namespace Coffer.Replication.Tests.Replication;

/// <summary>
/// Not a timed test: measures streaming and re-index rates for 100,000 small entries and prints them. Explicit,
/// so it runs only when asked for (<c>-- --explicit only --filter-class "*ThroughputLoop"</c>). It still checks
/// that everything arrived.
/// </summary>
public sealed class ThroughputLoop
{
    private const int Entries = 100_000;

    [Fact(Explicit = true)]
    public async Task Streaming_Backlog_And_Live_100k()
    {
        var output = TestContext.Current.TestOutputHelper!;
        await using var pair = await DrPair.StartAsync(new ReplicationLogOptions { MaxEntries = 3 * Entries });
        await pair.WaitCaughtUpAsync();

        // Backlog: the secondary is away while the primary commits, then catches up from the log.
        await pair.StopSecondaryAsync();
        var value = new byte[32];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < Entries; i++)
        {
            await pair.Backend.PutAsync(new Sdk.Physical.PhysicalEntry($"logical/backlog/{i:D6}", value));
        }

        var writeSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        pair.StartSecondary();
        await pair.WaitCaughtUpAsync(TimeSpan.FromMinutes(5));
        var catchUpSeconds = clock.Elapsed.TotalSeconds;

        // Live: the secondary follows while one writer commits as fast as it can.
        clock.Restart();
        for (var i = 0; i < Entries; i++)
        {
            await pair.Backend.PutAsync(new Sdk.Physical.PhysicalEntry($"logical/live/{i:D6}", value));
        }

        await pair.WaitCaughtUpAsync(TimeSpan.FromMinutes(5));
        var liveSeconds = clock.Elapsed.TotalSeconds;

        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(pair.SecondaryStorage));
        output.WriteLine($"primary logged commits: {Entries / writeSeconds:F0} entries/s");
        output.WriteLine($"streaming a backlog:    {Entries / catchUpSeconds:F0} entries/s ({catchUpSeconds:F2} s)");
        output.WriteLine($"streaming live writes:  {Entries / liveSeconds:F0} entries/s end to end ({liveSeconds:F2} s)");
    }

    [Fact(Explicit = true)]
    public async Task Reindex_100k()
    {
        var output = TestContext.Current.TestOutputHelper!;
        await using var pair = await DrPair.StartAsync(startSecondary: false);
        var value = new byte[32];
        for (var i = 0; i < Entries; i++)
        {
            await pair.Backend.PutAsync(new Sdk.Physical.PhysicalEntry($"logical/copy/{i % 100:D3}/{i:D6}", value));
        }

        var clock = Stopwatch.StartNew();
        pair.StartSecondary();
        await pair.WaitCaughtUpAsync(TimeSpan.FromMinutes(5));
        var seconds = clock.Elapsed.TotalSeconds;

        Assert.Equal(Entries, pair.Secondary!.Status.ReindexKeysDone);
        Assert.Equal(await StorageSnapshot.ReplicatedAsync(pair.PrimaryStorage), await StorageSnapshot.ReplicatedAsync(pair.SecondaryStorage));
        output.WriteLine($"re-index: {Entries / seconds:F0} keys/s ({seconds:F2} s)");
    }
}
