using Coffer.Raft.Commands;
using Coffer.Raft.History;
using Coffer.Raft.StateMachine;
using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Physical;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Coffer.Raft.Tests.History;

/// <summary>The commit history a node keeps while the marker is set, under a real state machine and write-ahead log.</summary>
public sealed class CommitHistoryTests
{
    private const string Marker = "local/history-id";

    private static CommitHistoryOptions Options(long maxEntries = 100) => new()
    {
        MarkerKey = Marker,
        Records = key => !key.StartsWith("local/", StringComparison.Ordinal),
        MaxEntries = maxEntries,
    };

    [Fact(Timeout = 30_000)]
    public async Task WithoutMarker_NothingIsRecorded()
    {
        using var directory = new TemporaryDirectory();
        await using var node = await Node.OpenAsync(directory.Path, Options());

        await node.AppendAsync(StorageCommand.Put("a", [1]));

        Assert.Null(node.History.Id);
        Assert.Equal(0, node.History.RetainedCount);
    }

    [Fact(Timeout = 30_000)]
    public async Task WithMarker_KeepsEntriesThatTouchRecordedKeys_UnderTheirRaftIndexes()
    {
        using var directory = new TemporaryDirectory();
        await using var node = await Node.OpenAsync(directory.Path, Options());

        await node.AppendAsync(StorageCommand.Put(Marker, "h1"u8.ToArray()));
        await node.AppendAsync(StorageCommand.Put("a", [1]));
        await node.AppendAsync(StorageCommand.Put("local/x", [2]));
        await node.AppendAsync(StorageCommand.Batch([PhysicalOperation.Put("local/y", [3]), PhysicalOperation.Delete("a")]));
        await node.AppendAsync(StorageCommand.SetMember("n1", "127.0.0.1:1"));

        Assert.Equal("h1", node.History.Id);
        Assert.True(node.History.TryReadFrom(1, 10, long.MaxValue, out var entries));
        Assert.Equal([2L, 4L], entries.Select(e => e.Index));
        Assert.Equal("a", Assert.Single(entries[1].Operations).Key);
        Assert.True(entries[1].Operations[0].IsDelete);
        Assert.Equal(4, node.History.LastPosition.Index);
    }

    [Fact(Timeout = 30_000)]
    public async Task BeyondMaxEntries_TheOldestAreTrimmed_AndReadingThemFails()
    {
        using var directory = new TemporaryDirectory();
        await using var node = await Node.OpenAsync(directory.Path, Options(maxEntries: 3));
        await node.AppendAsync(StorageCommand.Put(Marker, "h1"u8.ToArray()));
        for (var i = 0; i < 5; i++)
        {
            await node.AppendAsync(StorageCommand.Put($"k{i}", [(byte)i]));
        }

        Assert.Equal(3, node.History.TrimmedThrough);
        Assert.False(node.History.TryReadFrom(3, 10, long.MaxValue, out _));
        Assert.True(node.History.TryReadFrom(4, 10, long.MaxValue, out var entries));
        Assert.Equal([4L, 5L, 6L], entries.Select(e => e.Index));
        Assert.True(node.History.TryReadFrom(4, 10, maxBytes: 1, out var first));
        Assert.Single(first);
    }

    [Fact(Timeout = 30_000)]
    public async Task Reopened_FromASnapshot_AReaderThatHadTheLastRecordedEntryReadsOn()
    {
        using var directory = new TemporaryDirectory();
        await using (var node = await Node.OpenAsync(directory.Path, Options()))
        {
            await node.AppendAsync(StorageCommand.Put(Marker, "h1"u8.ToArray()));
            await node.AppendAsync(StorageCommand.Put("a", [1]));
            await node.AppendAsync(StorageCommand.Put("local/x", [2]));
            Assert.NotNull(await node.Machine.RequestSnapshot(force: true));
            await node.AppendAsync(StorageCommand.Put("b", [3]));
        }

        await using var reopened = await Node.OpenAsync(directory.Path, Options());

        // The snapshot (index 3) says the last recorded entry was 2: a reader at 2 lacks only what the log replays.
        Assert.Equal("h1", reopened.History.Id);
        Assert.Equal(2, reopened.History.TrimmedThrough);
        Assert.False(reopened.History.TryReadFrom(2, 10, long.MaxValue, out _));
        Assert.True(reopened.History.TryReadFrom(3, 10, long.MaxValue, out var entries));
        Assert.Equal(4, Assert.Single(entries).Index);
    }

    [Fact(Timeout = 30_000)]
    public async Task MarkerChanged_StartsANewHistory_AndDeleted_StopsRecording()
    {
        using var directory = new TemporaryDirectory();
        await using var node = await Node.OpenAsync(directory.Path, Options());
        await node.AppendAsync(StorageCommand.Put(Marker, "h1"u8.ToArray()));
        await node.AppendAsync(StorageCommand.Put("a", [1]));

        await node.AppendAsync(StorageCommand.Put(Marker, "h2"u8.ToArray()));

        Assert.Equal("h2", node.History.Id);
        Assert.Equal(0, node.History.RetainedCount);
        Assert.Equal(2, node.History.TrimmedThrough);
        await node.AppendAsync(StorageCommand.Put("b", [2]));
        Assert.True(node.History.TryReadFrom(3, 10, long.MaxValue, out var entries));
        Assert.Equal(4, Assert.Single(entries).Index);

        await node.AppendAsync(StorageCommand.Delete(Marker));
        await node.AppendAsync(StorageCommand.Put("c", [3]));

        Assert.Null(node.History.Id);
        Assert.Equal(0, node.History.RetainedCount);
    }

    [Fact(Timeout = 30_000)]
    public async Task RestoreCommit_BreaksTheHistory_AndKeepsTheMarkerUnderTheKeptPrefix()
    {
        using var directory = new TemporaryDirectory();
        await using var node = await Node.OpenAsync(directory.Path, Options());
        await node.AppendAsync(StorageCommand.Put(Marker, "h1"u8.ToArray()));
        await node.AppendAsync(StorageCommand.Put("a", [1]));

        await node.AppendAsync(StorageCommand.RestoreBegin("r1"));
        await node.AppendAsync(StorageCommand.RestoreChunk("r1", [PhysicalOperation.Put("b", [2])]));
        await node.AppendAsync(StorageCommand.RestoreCommit("r1", "local/"));

        Assert.Equal("h1", node.History.Id);
        Assert.Equal(5, node.History.TrimmedThrough);
        Assert.False(node.History.TryReadFrom(3, 10, long.MaxValue, out _));
        Assert.True(node.History.TryReadFrom(6, 10, long.MaxValue, out var none));
        Assert.Empty(none);
    }

    [Fact(Timeout = 30_000)]
    public async Task WaitForEntriesAfter_CompletesWithTheNextRecordedEntry()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new TemporaryDirectory();
        await using var node = await Node.OpenAsync(directory.Path, Options());
        await node.AppendAsync(StorageCommand.Put(Marker, "h1"u8.ToArray()));
        var waiting = node.History.WaitForEntriesAfterAsync(node.History.LastPosition.Index, ct);

        await node.AppendAsync(StorageCommand.Put("local/x", [1]));
        Assert.False(waiting.IsCompleted);
        await node.AppendAsync(StorageCommand.Put("a", [1]));

        await waiting.WaitAsync(TimeSpan.FromSeconds(10), ct);
    }

    /// <summary>A state machine with a history over a write-ahead log in a directory, as a node opens them.</summary>
    private sealed class Node : IAsyncDisposable
    {
        private readonly WriteAheadLog _log;

        private Node(KeyValueStateMachine machine, WriteAheadLog log, CommitHistory history)
        {
            Machine = machine;
            _log = log;
            History = history;
        }

        public KeyValueStateMachine Machine { get; }

        public CommitHistory History { get; }

        public static async Task<Node> OpenAsync(string path, CommitHistoryOptions options)
        {
            var history = new CommitHistory(options, TimeProvider.System);
            var machine = new KeyValueStateMachine(System.IO.Path.Combine(path, "snapshots"), 1_000_000, 0, history);
            machine.Restore();
            var log = new WriteAheadLog(new WriteAheadLog.Options { Location = System.IO.Path.Combine(path, "wal"), ChunkSize = 1 << 20 }, machine);
            await log.InitializeAsync(TestContext.Current.CancellationToken);
            var node = new Node(machine, log, history);
            if (log.LastCommittedEntryIndex > 0)
            {
                await log.WaitForApplyAsync(log.LastCommittedEntryIndex, TestContext.Current.CancellationToken);
            }

            return node;
        }

        public async Task AppendAsync(StorageCommand command)
        {
            var ct = TestContext.Current.CancellationToken;
            var index = await _log.AppendAsync(new DotNext.Net.Cluster.Consensus.Raft.BinaryLogEntry { Term = 1, Content = command.Encode() }, ct);
            await _log.CommitAsync(index, ct);
            await _log.WaitForApplyAsync(index, ct);
        }

        public async ValueTask DisposeAsync()
        {
            await _log.DisposeAsync();
            await Machine.DisposeAsync();
        }
    }
}
