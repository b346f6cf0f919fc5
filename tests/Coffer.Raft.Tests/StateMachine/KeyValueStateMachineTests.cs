using Coffer.Raft.Commands;
using Coffer.Raft.StateMachine;
using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Physical;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Coffer.Raft.Tests.StateMachine;

/// <summary>The state machine under a real write-ahead log (no cluster): apply, snapshot, restore.</summary>
public sealed class KeyValueStateMachineTests
{
    private static async Task<(KeyValueStateMachine Machine, WriteAheadLog Log)> OpenAsync(string path, long threshold = 1_000_000, long trailing = 0)
    {
        var machine = new KeyValueStateMachine(Path.Combine(path, "snapshots"), threshold, trailing);
        machine.Restore();
        var log = new WriteAheadLog(new WriteAheadLog.Options { Location = Path.Combine(path, "wal"), ChunkSize = 1 << 20 }, machine);
        await log.InitializeAsync(TestContext.Current.CancellationToken);
        return (machine, log);
    }

    private static async Task AppendAsync(WriteAheadLog log, StorageCommand command, CancellationToken ct)
    {
        var index = await log.AppendAsync(new DotNext.Net.Cluster.Consensus.Raft.BinaryLogEntry { Term = 1, Content = command.Encode() }, ct);
        await log.CommitAsync(index, ct);
        await log.WaitForApplyAsync(index, ct);
    }

    // As a leader appends: the entry in `term` carrying `context` (a command, perhaps not the one encoded).
    private static async Task AppendWithContextAsync(WriteAheadLog log, StorageCommand encoded, long term, object context, CancellationToken ct)
    {
        var payload = encoded.Encode();
        var index = await log.AppendAsync(new DotNext.Net.Cluster.Consensus.Raft.BinaryLogEntry { Term = term, Content = payload, Context = context }, ct);
        await log.CommitAsync(index, ct);
        await log.WaitForApplyAsync(index, ct);
    }

    private static async Task CloseAsync(KeyValueStateMachine machine, WriteAheadLog log)
    {
        await log.DisposeAsync();
        await machine.DisposeAsync();
    }

    [Fact(Timeout = 30_000)]
    public async Task Apply_PutsDeletesBatchesAndMembers_UpdateTheCurrentVersion()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var (machine, log) = await OpenAsync(directory.Path);
        var before = machine.Current;

        await AppendAsync(log, StorageCommand.Put("a", [1]), ct);
        await AppendAsync(log, StorageCommand.Put("b", [2]), ct);
        await AppendAsync(log, StorageCommand.Batch([PhysicalOperation.Delete("a"), PhysicalOperation.Put("c", [3])]), ct);
        await AppendAsync(log, StorageCommand.SetMember("n1", "127.0.0.1:1"), ct);

        Assert.Equal(["b", "c"], machine.Current.Entries.Keys);
        Assert.Equal("127.0.0.1:1", machine.Current.Members["n1"]);
        Assert.Equal(4, machine.Current.Index);
        Assert.Empty(before.Entries);
        await CloseAsync(machine, log);
    }

    [Fact(Timeout = 30_000)]
    public async Task Apply_OwnEntryWithItsCommand_KeepsHandedOverValuesAndCopiesTheOthers()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var (machine, log) = await OpenAsync(directory.Path);
        byte[] handedOver = [1, 2];
        byte[] lent = [3, 4];
        var command = StorageCommand.Batch([PhysicalOperation.PutHandedOver("a", handedOver), PhysicalOperation.Put("b", lent), PhysicalOperation.Delete("c")]);

        await AppendWithContextAsync(log, command, term: 1, new AppendedCommand(command, 1, command.EncodedSize()), ct);
        lent[0] = 99;

        // Not decoded: the handed-over array itself is kept; the lent one was copied before its writer could change it.
        Assert.Same(handedOver, machine.Current.Entries["a"]);
        Assert.Equal([3, 4], machine.Current.Entries["b"]);
        Assert.Equal(["a", "b"], machine.Current.Entries.Keys);
        await CloseAsync(machine, log);
    }

    [Theory(Timeout = 30_000)]
    [InlineData(2, 0)] // appended in another term: a later leader's entry at the index the context was kept for
    [InlineData(1, 1)] // same term, another length
    public async Task Apply_ContextOfAnotherEntry_DecodesTheEntryInstead(long contextTerm, int extraLength)
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var (machine, log) = await OpenAsync(directory.Path);
        var written = StorageCommand.Put("a", [1]);
        var stale = StorageCommand.Put("a", [2]);

        await AppendWithContextAsync(log, written, term: 1, new AppendedCommand(stale, contextTerm, written.EncodedSize() + extraLength), ct);

        Assert.Equal([1], machine.Current.Entries["a"]);
        await CloseAsync(machine, log);
    }

    [Fact(Timeout = 30_000)]
    public async Task Snapshot_TakenWhileApplying_HoldsTheVersionItStartedFrom()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var (machine, log) = await OpenAsync(directory.Path);
        for (var i = 0; i < 200; i++)
        {
            await AppendAsync(log, StorageCommand.Put($"k/{i:D3}", new byte[1024]), ct);
        }

        var snapshot = machine.RequestSnapshot(force: true);
        await AppendAsync(log, StorageCommand.Put("later", [9]), ct);
        var file = await snapshot;

        Assert.NotNull(file);
        Assert.Equal(200, file.Index);
        Assert.Equal(201, machine.Current.Index);
        Assert.Equal(200, machine.PublishedSnapshotIndex);
        using var stream = File.OpenRead(file.Path);
        var stored = SnapshotFormat.Read(stream, stream.Length);
        Assert.Equal(200, stored.Entries.Count);
        Assert.False(stored.Entries.ContainsKey("later"));
        await CloseAsync(machine, log);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reopen_AfterSnapshotAndMoreEntries_RestoresSnapshotThenReplaysTheLog()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var (machine, log) = await OpenAsync(directory.Path);
        await AppendAsync(log, StorageCommand.Put("a", [1]), ct);
        await AppendAsync(log, StorageCommand.Put("b", [2]), ct);
        await machine.RequestSnapshot(force: true);
        await AppendAsync(log, StorageCommand.Delete("a"), ct);
        await AppendAsync(log, StorageCommand.Put("c", [3]), ct);
        await CloseAsync(machine, log);

        (machine, log) = await OpenAsync(directory.Path);

        Assert.Equal(2, machine.PublishedSnapshotIndex);
        Assert.Equal(["b", "c"], machine.Current.Entries.Keys);
        Assert.Equal(4, machine.Current.Index);
        await CloseAsync(machine, log);
    }

    [Fact(Timeout = 30_000)]
    public async Task TrailingLogs_SnapshotIsPublishedOnlyAfterThatManyMoreEntries()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var (machine, log) = await OpenAsync(directory.Path, trailing: 3);
        await AppendAsync(log, StorageCommand.Put("a", [1]), ct);
        var first = await machine.RequestSnapshot(force: true);

        await AppendAsync(log, StorageCommand.Put("b", [1]), ct);
        await AppendAsync(log, StorageCommand.Put("c", [1]), ct);
        var beforeDue = machine.PublishedSnapshotIndex;
        await AppendAsync(log, StorageCommand.Put("d", [1]), ct);

        Assert.Equal(1, first?.Index);
        Assert.Equal(0, beforeDue);
        Assert.Equal(1, machine.PublishedSnapshotIndex);
        Assert.Equal(1, machine.LatestSnapshotIndex);
        await CloseAsync(machine, log);
    }

    /// <summary>
    /// With snapshots taken more often than <c>trailing_logs</c> (Vault's defaults: every 8,192 entries, 10,000 kept),
    /// each new snapshot used to replace the one still waiting, so none was ever published and the log was never
    /// truncated. The older snapshot must be published when due while the newer one waits its turn.
    /// </summary>
    [Fact(Timeout = 30_000)]
    public async Task TrailingLogs_SnapshotsMoreOftenThanThat_OlderOnesAreStillPublished()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var (machine, log) = await OpenAsync(directory.Path, threshold: 2, trailing: 3);
        var published = new List<long>();
        for (var i = 0; i < 12; i++)
        {
            await AppendAsync(log, StorageCommand.Put($"k{i}", [1]), ct);
            await machine.RequestSnapshot(force: false);
            published.Add(machine.PublishedSnapshotIndex);
        }

        // Snapshots at 2, 4, 6, ...; each is published three entries later, while the next one already waits.
        Assert.Equal([0, 0, 0, 0, 2, 2, 4, 4, 6, 6, 8, 8], published);
        var files = new SnapshotStore(Path.Combine(directory.Path, "snapshots")).List().Select(f => f.Index).ToHashSet();
        Assert.Superset(new HashSet<long> { 8, 10, 12 }, files);
        await CloseAsync(machine, log);
    }

    [Fact(Timeout = 30_000)]
    public async Task RequestSnapshot_BelowThresholdWithoutForce_TakesNone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        var (machine, log) = await OpenAsync(directory.Path, threshold: 3);
        await AppendAsync(log, StorageCommand.Put("a", [1]), ct);
        await AppendAsync(log, StorageCommand.Put("b", [1]), ct);

        Assert.Null(await machine.RequestSnapshot(force: false));
        await AppendAsync(log, StorageCommand.Put("c", [1]), ct);
        Assert.Equal(3, (await machine.RequestSnapshot(force: false))?.Index);
        await CloseAsync(machine, log);
    }

    [Fact]
    public void Restore_NewestSnapshotDamaged_FallsBackToAnOlderOne()
    {
        using var directory = new TemporaryDirectory();
        var snapshots = Path.Combine(directory.Path, "snapshots");
        var store = new SnapshotStore(snapshots);
        var older = store.Write(KeyValueState.Empty.Apply(StorageCommand.Put("a", [1]), index: 5, term: 1));
        var newer = store.Write(KeyValueState.Empty.Apply(StorageCommand.Put("b", [2]), index: 9, term: 2));
        var bytes = File.ReadAllBytes(newer.Path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(newer.Path, bytes);

        var machine = new KeyValueStateMachine(snapshots, 1_000_000, 0);
        machine.Restore();

        Assert.Equal(older.Index, machine.PublishedSnapshotIndex);
        Assert.Equal(["a"], machine.Current.Entries.Keys);
        Assert.Equal((5L, 1L), (machine.Current.Index, machine.Current.Term));
    }
}
