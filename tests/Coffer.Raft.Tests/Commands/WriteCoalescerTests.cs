using Coffer.Raft.Commands;
using Coffer.Raft.StateMachine;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Raft.Tests.Commands;

public sealed class WriteCoalescerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteAsync_NothingInFlight_ReplicatesTheWriteAsItsOwnEntryAtOnce()
    {
        var entries = new List<byte[]>();
        var coalescer = new WriteCoalescer((payload, _) =>
        {
            // A copy: the entry's pooled buffer is reused once the replication completes.
            entries.Add(payload.ToArray());
            return Task.CompletedTask;
        }, maxEntrySize: 1024 * 1024);
        var put = StorageCommand.Put("core/keyring", [1, 2, 3]);

        await coalescer.WriteAsync(put, put.EncodedSize(), Ct).WaitAsync(Patience, Ct);

        // A lone write goes out as its own encoding, not wrapped in a batch.
        Assert.Equal(put.Encode(), Assert.Single(entries));
    }

    [Fact]
    public async Task WriteAsync_WritesArrivingDuringAReplication_GoOutTogetherInOneEntryInArrivalOrder()
    {
        var engine = new BlockingEngine();
        var coalescer = new WriteCoalescer(engine.ReplicateAsync, maxEntrySize: 1024 * 1024);
        var first = Write(coalescer, StorageCommand.Put("a", [1]));
        await engine.FirstEntryStarted.WaitAsync(Patience, Ct);

        var queued = new[]
        {
            Write(coalescer, StorageCommand.Put("b", [2])),
            Write(coalescer, StorageCommand.Delete("a")),
            Write(coalescer, StorageCommand.Batch([PhysicalOperation.Put("c", [3]), PhysicalOperation.Put("b", [4])])),
        };
        Assert.All(queued, write => Assert.False(write.IsCompleted));
        engine.Release();
        await Task.WhenAll([first, .. queued]).WaitAsync(Patience, Ct);

        Assert.Equal(2, engine.Entries.Count);
        var combined = StorageCommand.Decode(engine.Entries[1]);
        Assert.Equal(StorageCommandKind.Batch, combined.Kind);
        Assert.Equal(
            [("b", false), ("a", true), ("c", false), ("b", false)],
            combined.Operations.Select(operation => (operation.Key, operation.IsDelete)));
        Assert.Equal([4], combined.Operations[3].Value);
    }

    [Fact]
    public async Task WriteAsync_WriteArrivingWhileTheNextEntryWaitsForQueuedWork_JoinsThatEntry()
    {
        var engine = new BlockingEngine();
        Task? latecomer = null;
        WriteCoalescer? coalescer = null;
        var waits = 0;
        coalescer = new WriteCoalescer(engine.ReplicateAsync, maxEntrySize: 1024 * 1024, beforeNextEntry: () =>
        {
            // Stands for a request that was queued on this node when the entry in flight committed.
            waits++;
            latecomer ??= Write(coalescer!, StorageCommand.Put("late", [9]));
            return ValueTask.CompletedTask;
        });
        var first = Write(coalescer, StorageCommand.Put("a", [1]));
        await engine.FirstEntryStarted.WaitAsync(Patience, Ct);
        var waiting = Write(coalescer, StorageCommand.Put("b", [2]));
        engine.Release();
        await Task.WhenAll(first, waiting).WaitAsync(Patience, Ct);
        await latecomer!.WaitAsync(Patience, Ct);

        Assert.Equal(2, engine.Entries.Count);
        Assert.Equal(["b", "late"], StorageCommand.Decode(engine.Entries[1]).Operations.Select(operation => operation.Key));
        Assert.Equal(1, waits);
    }

    [Fact]
    public async Task WriteAsync_LoneWrites_NeverWaitForQueuedWork()
    {
        var waits = 0;
        var coalescer = new WriteCoalescer((_, _) => Task.CompletedTask, maxEntrySize: 1024, beforeNextEntry: () =>
        {
            waits++;
            return ValueTask.CompletedTask;
        });

        for (var i = 0; i < 3; i++)
        {
            await Write(coalescer, StorageCommand.Put($"k{i}", [1])).WaitAsync(Patience, Ct);
        }

        Assert.Equal(0, waits);
    }

    [Fact]
    public async Task WriteAsync_EntryFails_EveryWriteOfThatEntryFailsAlikeAndLaterWritesStillGoOut()
    {
        var engine = new BlockingEngine { FailEntry = 2 };
        var coalescer = new WriteCoalescer(engine.ReplicateAsync, maxEntrySize: 1024 * 1024);
        var first = Write(coalescer, StorageCommand.Put("a", [1]));
        await engine.FirstEntryStarted.WaitAsync(Patience, Ct);
        var doomed = new[] { Write(coalescer, StorageCommand.Put("b", [2])), Write(coalescer, StorageCommand.Delete("c")) };
        engine.Release();

        await first.WaitAsync(Patience, Ct);
        foreach (var write in doomed)
        {
            var error = await Assert.ThrowsAsync<CofferException>(() => write.WaitAsync(Patience, Ct));
            Assert.Equal(ErrorKind.Unavailable, error.Kind);
        }

        await Write(coalescer, StorageCommand.Put("d", [4])).WaitAsync(Patience, Ct);
        Assert.Equal(3, engine.Entries.Count);
    }

    [Fact]
    public async Task WriteAsync_QueuedWritesLargerThanOneEntry_SplitOverSeveralEntriesWithinTheLimit()
    {
        const int limit = 600;
        var engine = new BlockingEngine();
        var coalescer = new WriteCoalescer(engine.ReplicateAsync, limit);
        var first = Write(coalescer, StorageCommand.Put("first", [0]));
        await engine.FirstEntryStarted.WaitAsync(Patience, Ct);
        var queued = Enumerable.Range(0, 10).Select(i => Write(coalescer, StorageCommand.Put($"k{i}", new byte[150]))).ToArray();
        engine.Release();
        await Task.WhenAll([first, .. queued]).WaitAsync(Patience, Ct);

        var later = engine.Entries.Skip(1).ToList();
        Assert.True(later.Count >= 3, $"ten writes of about 160 bytes need at least three entries of {limit} bytes, got {later.Count}");
        Assert.All(later, entry => Assert.InRange(entry.Length, 1, limit));
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"k{i}"),
            later.SelectMany(entry => StorageCommand.Decode(entry).Operations).Select(operation => operation.Key));
    }

    [Fact]
    public async Task WriteAsync_CallerCancelsWhileQueued_StopsWaitingWithoutFailingTheOthers()
    {
        var engine = new BlockingEngine();
        var coalescer = new WriteCoalescer(engine.ReplicateAsync, maxEntrySize: 1024 * 1024);
        var first = Write(coalescer, StorageCommand.Put("a", [1]));
        await engine.FirstEntryStarted.WaitAsync(Patience, Ct);
        using var cancel = new CancellationTokenSource();
        var put = StorageCommand.Put("b", [2]);
        var cancelled = coalescer.WriteAsync(put, put.EncodedSize(), cancel.Token);
        var other = Write(coalescer, StorageCommand.Put("c", [3]));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        engine.Release();

        await Task.WhenAll(first, other).WaitAsync(Patience, Ct);
    }

    [Fact]
    public void WriteAsync_MembershipCommand_IsRefused()
    {
        var coalescer = new WriteCoalescer((_, _) => Task.CompletedTask, maxEntrySize: 1024);
        var command = StorageCommand.SetMember("node-a", "127.0.0.1:8201");

        Assert.Throws<ArgumentException>(() => { _ = coalescer.WriteAsync(command, command.EncodedSize(), Ct); });
    }

    [Fact]
    public async Task Coalescing_AnyWrites_LeavesTheStateThatApplyingEachInTurnLeaves()
    {
        string[] names = ["a", "b", "c/d", "c/e"];
        var keys = Gen.Int[0, names.Length - 1].Select(i => names[i]);
        var operation = Gen.Select(keys, Gen.Byte.Array[0, 8], Gen.Bool,
            (key, value, delete) => delete ? PhysicalOperation.Delete(key) : PhysicalOperation.Put(key, value));
        var write = Gen.Select(operation.Array[1, 4], Gen.Int[0, 2], (operations, shape) => shape switch
        {
            0 when operations[0].IsDelete => StorageCommand.Delete(operations[0].Key),
            0 => StorageCommand.Put(operations[0].Key, operations[0].Value!),
            _ => StorageCommand.Batch(operations),
        });

        await write.Array[1, 12].SampleAsync(async writes =>
        {
            var oneByOne = writes.Aggregate(KeyValueState.Empty, (state, command) => state.Apply(command, state.Index + 1, 1));

            var engine = new BlockingEngine();
            var coalesced = KeyValueState.Empty;
            var coalescer = new WriteCoalescer(async (payload, command) =>
            {
                await engine.ReplicateAsync(payload, command);

                // The leader applies the command it is handed instead of decoding the entry: they must agree.
                Assert.Equal(payload.ToArray(), command.Encode());
                coalesced = coalesced.Apply(command, coalesced.Index + 1, 1);
            }, maxEntrySize: 1024 * 1024);
            var tasks = writes.Select(command => coalescer.WriteAsync(command, command.EncodedSize(), CancellationToken.None)).ToArray();
            engine.Release();
            await Task.WhenAll(tasks).WaitAsync(Patience);

            Assert.Equal(
                oneByOne.Entries.Select(pair => (pair.Key, Convert.ToHexString(pair.Value))),
                coalesced.Entries.Select(pair => (pair.Key, Convert.ToHexString(pair.Value))));
        }, iter: 200);
    }

    private static Task Write(WriteCoalescer coalescer, StorageCommand command) => coalescer.WriteAsync(command, command.EncodedSize(), Ct);

    /// <summary>An engine whose first entry stays in flight until released, so that later writes queue behind it.</summary>
    private sealed class BlockingEngine
    {
        private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly Lock _gate = new();
        private readonly List<byte[]> _entries = [];

        /// <summary>The 1-based number of the entry that fails with a retryable error; 0 for none.</summary>
        public int FailEntry { get; init; }

        public Task FirstEntryStarted => _started.Task;

        public IReadOnlyList<byte[]> Entries
        {
            get
            {
                lock (_gate)
                {
                    return [.. _entries];
                }
            }
        }

        public void Release() => _released.TrySetResult();

        public async Task ReplicateAsync(ReadOnlyMemory<byte> payload, StorageCommand command)
        {
            Assert.Equal(payload.ToArray(), command.Encode());
            int number;
            lock (_gate)
            {
                // A copy: a combined entry's buffer goes back to the pool once the replication completes.
                _entries.Add(payload.ToArray());
                number = _entries.Count;
            }

            if (number == 1)
            {
                _started.TrySetResult();
                await _released.Task;
            }

            if (number == FailEntry)
            {
                throw new CofferException(ErrorKind.Unavailable, "leadership changed");
            }
        }
    }
}
