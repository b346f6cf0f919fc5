using Coffer.Raft.StateMachine;
using CsCheck;

namespace Coffer.Raft.Tests.StateMachine;

/// <summary>Which snapshot the engine is given, and when: once <c>trailing_logs</c> entries follow it, never sooner, never forever later.</summary>
public sealed class WaitingSnapshotsTests
{
    private static SnapshotFile At(long index) => new($"/snapshots/{index}-1.snapshot", index, 1);

    [Fact]
    public void TakeDue_BeforeTrailingEntries_GivesNothing_ThenTheSnapshot()
    {
        var waiting = new WaitingSnapshots(trailingLogs: 10);
        Assert.Empty(waiting.Add(At(100)));

        Assert.False(waiting.AnyDue(109));
        Assert.Null(waiting.TakeDue(109));
        Assert.True(waiting.AnyDue(110));
        var (due, superseded) = waiting.TakeDue(110)!.Value;

        Assert.Equal(100, due.Index);
        Assert.Empty(superseded);
        Assert.False(waiting.AnyDue(long.MaxValue));
    }

    [Fact]
    public void Add_NewerSnapshotBeforeTheOlderIsDue_KeepsTheOlderWaiting()
    {
        // Vault's defaults: a snapshot every 8,192 entries, 10,000 kept behind it.
        var waiting = new WaitingSnapshots(trailingLogs: 10_000);
        waiting.Add(At(8_192));
        waiting.Add(At(16_384));

        var (due, superseded) = waiting.TakeDue(18_192)!.Value;

        Assert.Equal(8_192, due.Index);
        Assert.Empty(superseded);
        Assert.True(waiting.Holds(At(16_384).Path));
        Assert.Equal(16_384, waiting.TakeDue(26_384)!.Value.Due.Index);
    }

    [Fact]
    public void Add_ThirdSnapshot_DropsTheMiddleOne()
    {
        var waiting = new WaitingSnapshots(trailingLogs: 100);
        waiting.Add(At(10));
        waiting.Add(At(20));

        var dropped = waiting.Add(At(30));

        Assert.Equal([20L], dropped.Select(f => f.Index));
        Assert.True(waiting.Holds(At(10).Path));
        Assert.False(waiting.Holds(At(20).Path));
        Assert.True(waiting.Holds(At(30).Path));
    }

    [Fact]
    public void TakeDue_SeveralDue_GivesTheNewestAndSupersedesTheOlder()
    {
        var waiting = new WaitingSnapshots(trailingLogs: 5);
        waiting.Add(At(10));
        waiting.Add(At(12));

        var (due, superseded) = waiting.TakeDue(40)!.Value;

        Assert.Equal(12, due.Index);
        Assert.Equal([10L], superseded.Select(f => f.Index));
    }

    [Fact]
    public void Add_NotNewerThanTheLastWaiting_Throws()
    {
        var waiting = new WaitingSnapshots(trailingLogs: 5);
        waiting.Add(At(10));

        Assert.Throws<ArgumentException>(() => waiting.Add(At(10)));
    }

    [Fact]
    public void Clear_ReturnsEveryWaitingSnapshot()
    {
        var waiting = new WaitingSnapshots(trailingLogs: 5);
        waiting.Add(At(10));
        waiting.Add(At(20));

        Assert.Equal([10L, 20L], waiting.Clear().Select(f => f.Index));
        Assert.Null(waiting.TakeDue(long.MaxValue));
    }

    /// <summary>
    /// A node applies entries in steps and snapshots whenever <c>snapshot_threshold</c> entries passed since its last
    /// one. Whatever the threshold and <c>trailing_logs</c>: a published snapshot always has <c>trailing_logs</c>
    /// entries applied after it (the log keeps them), at most two snapshots wait, and the published one keeps up:
    /// the log never holds more than about twice the trailing entries plus a threshold.
    /// </summary>
    [Fact]
    public void Simulation_PublishedSnapshotKeepsUp_AndNeverCutsIntoTheTrailingEntries()
    {
        Gen.Select(Gen.Int[1, 200], Gen.Int[0, 400], Gen.Int[1, 50].Array[1, 400]).Sample((threshold, trailing, steps) =>
        {
            var waiting = new WaitingSnapshots(trailing);
            long applied = 0, lastSnapshot = 0, published = 0;
            var held = 0;
            foreach (var step in steps)
            {
                applied += step;
                if (applied - lastSnapshot >= threshold)
                {
                    held += 1 - waiting.Add(At(applied)).Count;
                    lastSnapshot = applied;
                }

                if (waiting.TakeDue(applied) is var (due, superseded))
                {
                    if (due.Index + trailing > applied || due.Index <= published)
                    {
                        return false;
                    }

                    published = due.Index;
                    held -= 1 + superseded.Count;
                }

                if (held > 2 || applied - published > 2 * (trailing + threshold + 50))
                {
                    return false;
                }
            }

            return true;
        });
    }
}
