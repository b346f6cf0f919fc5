using Coffer.Replication.Tests.Support;
using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Replication.Tests.Wal;

/// <summary>Transactions that queue behind a logged commit in flight share the next inner commit, each with its own entry.</summary>
public sealed class GroupCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Commit_WritersArriveWhileCommitInFlight_NextInnerCommitCarriesAllInArrivalOrder()
    {
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var opened = inner.Commits.Count;
        var held = inner.HoldNextCommit();
        var first = backend.PutAsync(new PhysicalEntry("logical/first", [0]));
        await held.WaitAsync(Timeout);

        var queued = Enumerable.Range(1, 10).Select(i => backend.CommitAsync(
        [
            PhysicalOperation.Put($"logical/k{i}", [(byte)i]),
            PhysicalOperation.Put($"{ReplicationKeys.LocalPrefix}mine{i}", [(byte)i]),
            PhysicalOperation.Delete($"logical/gone{i}"),
        ])).ToList();
        Assert.All(queued, t => Assert.False(t.IsCompleted));
        inner.Release();
        await first.WaitAsync(Timeout);
        await Task.WhenAll(queued).WaitAsync(Timeout);

        var commits = inner.Commits.Skip(opened).ToList();
        Assert.Equal(2, commits.Count);

        // The data of every transaction in arrival order, then their entries in the same order, then one meta record.
        var expected = Enumerable.Range(1, 10).SelectMany(i => new[] { $"logical/k{i}", $"{ReplicationKeys.LocalPrefix}mine{i}", $"logical/gone{i}" })
            .Concat(Enumerable.Range(2, 10).Select(i => ReplicationKeys.LogEntryKey(i)))
            .Append(ReplicationKeys.LogMeta);
        Assert.Equal(expected, commits[1].Select(o => o.Key));

        var entries = await backend.Log.ReadFromAsync(2, 100);
        Assert.Equal(Enumerable.Range(2, 10).Select(i => (long)i), entries.Select(e => e.Index));
        for (var i = 1; i <= 10; i++)
        {
            var entry = entries[i - 1];
            Assert.Equal([$"logical/k{i}", $"logical/gone{i}"], entry.Operations.Select(o => o.Key));
            Assert.Equal([(byte)i], entry.Operations[0].Value!);
            Assert.True(entry.Operations[1].IsDelete);
            Assert.Equal([(byte)i], (await inner.GetAsync($"logical/k{i}"))!.Value);
        }

        Assert.Equal(11, backend.Log.LastIndex);
    }

    [Fact]
    public async Task Commit_LoneWriter_ReachesInnerStorageBeforeTheCallReturns()
    {
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var opened = inner.Commits.Count;
        var held = inner.HoldNextCommit();

        var put = backend.PutAsync(new PhysicalEntry("logical/a", [1]));

        // Nothing was awaited since the call: the inner commit started inside it, not after a timer or a queue hop.
        Assert.True(held.IsCompleted);
        Assert.Equal(opened + 1, inner.Commits.Count);
        inner.Release();
        await put.WaitAsync(Timeout);
        Assert.Equal(1, backend.Log.LastIndex);
    }

    [Fact]
    public async Task Commit_SameKeyInGroupedTransactions_LaterTransactionWins()
    {
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var opened = inner.Commits.Count;
        var held = inner.HoldNextCommit();
        var first = backend.PutAsync(new PhysicalEntry("logical/other", [0]));
        await held.WaitAsync(Timeout);

        var queued = new[]
        {
            backend.PutAsync(new PhysicalEntry("logical/k", [1])),
            backend.DeleteAsync("logical/k"),
            backend.PutAsync(new PhysicalEntry("logical/k", [3])),
            backend.PutAsync(new PhysicalEntry("logical/gone", [4])),
            backend.DeleteAsync("logical/gone"),
        };
        inner.Release();
        await first.WaitAsync(Timeout);
        await Task.WhenAll(queued).WaitAsync(Timeout);

        Assert.Equal(2, inner.Commits.Count - opened);
        Assert.Equal([3], (await inner.GetAsync("logical/k"))!.Value);
        Assert.Null(await inner.GetAsync("logical/gone"));
        Assert.Equal([2L, 3L, 4L, 5L, 6L], (await backend.Log.ReadFromAsync(2, 10)).Select(e => e.Index));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_GroupInnerCommitFails_FailsEveryMemberAndLogReloads(bool failsAfterApplying)
    {
        var fault = failsAfterApplying ? CommitFault.AfterApply : CommitFault.BeforeApply;
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var held = inner.HoldNextCommit();
        var first = backend.PutAsync(new PhysicalEntry("logical/first", [0]));
        await held.WaitAsync(Timeout);

        // The held commit already took its (absent) fault; this one strikes the group.
        inner.NextCommitFault = fault;
        var queued = Enumerable.Range(1, 3).Select(i => backend.PutAsync(new PhysicalEntry($"logical/k{i}", [(byte)i]))).ToList();
        inner.Release();
        await first.WaitAsync(Timeout);
        foreach (var transaction in queued)
        {
            await Assert.ThrowsAsync<IOException>(() => transaction.WaitAsync(Timeout));
        }

        Assert.True(backend.Log.NeedsReload);
        Assert.Equal(1, backend.Log.LastIndex);

        await backend.PutAsync(new PhysicalEntry("logical/after", [9]));
        var entries = await backend.Log.ReadFromAsync(1, 10);
        if (fault == CommitFault.BeforeApply)
        {
            // Nothing of the group reached storage, so its indexes are free again.
            Assert.Equal([1L, 2L], entries.Select(e => e.Index));
            Assert.Equal(["logical/first", "logical/after"], entries.Select(e => e.Operations[0].Key));
            Assert.Null(await inner.GetAsync("logical/k1"));
            Assert.Null(await inner.GetAsync(ReplicationKeys.LogEntryKey(3)));
        }
        else
        {
            // The group reached storage without an acknowledgement: the reload finds its entries and never reuses them.
            Assert.Equal([1L, 2L, 3L, 4L, 5L], entries.Select(e => e.Index));
            Assert.Equal(["logical/first", "logical/k1", "logical/k2", "logical/k3", "logical/after"], entries.Select(e => e.Operations[0].Key));
            Assert.NotNull(await inner.GetAsync("logical/k3"));
        }
    }

    [Fact]
    public async Task Commit_TransactionHeavierThanAGroup_CommitsAloneAndOthersKeepTheirOrder()
    {
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var opened = inner.Commits.Count;
        var held = inner.HoldNextCommit();
        var first = backend.PutAsync(new PhysicalEntry("logical/first", [0]));
        await held.WaitAsync(Timeout);

        // Counted once as data and once in its entry, this value alone outweighs a whole group.
        var heavy = new byte[(ReplicatingBackend.GroupWeightLimit / 2) + 1];
        var queued = new[]
        {
            backend.PutAsync(new PhysicalEntry("logical/a", [1])),
            backend.PutAsync(new PhysicalEntry("logical/heavy", heavy)),
            backend.PutAsync(new PhysicalEntry("logical/c", [3])),
            backend.PutAsync(new PhysicalEntry("logical/d", [4])),
        };
        inner.Release();
        await first.WaitAsync(Timeout);
        await Task.WhenAll(queued).WaitAsync(Timeout);

        var dataKeys = inner.Commits.Skip(opened)
            .Select(c => c.Where(o => !ReplicationKeys.IsReserved(o.Key)).Select(o => o.Key).ToArray())
            .ToList();
        Assert.Equal([["logical/first"], ["logical/a"], ["logical/heavy"], ["logical/c", "logical/d"]], dataKeys);
        Assert.Equal(
            ["logical/first", "logical/a", "logical/heavy", "logical/c", "logical/d"],
            (await backend.Log.ReadFromAsync(1, 10)).Select(e => e.Operations[0].Key));
    }

    [Fact]
    public async Task Commit_ManyLargeTransactionsQueued_GroupsStayWellUnderRaftsEntrySize()
    {
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var opened = inner.Commits.Count;
        var held = inner.HoldNextCommit();
        var first = backend.PutAsync(new PhysicalEntry("logical/first", [0]));
        await held.WaitAsync(Timeout);

        var queued = Enumerable.Range(0, 12).Select(i => backend.PutAsync(new PhysicalEntry($"logical/big{i}", new byte[100 * 1024]))).ToList();
        inner.Release();
        await first.WaitAsync(Timeout);
        await Task.WhenAll(queued).WaitAsync(Timeout);

        var groups = inner.Commits.Skip(opened + 1).ToList();
        Assert.InRange(groups.Count, 2, 11);
        foreach (var group in groups)
        {
            var bytes = group.Sum(o => o.Key.Length + (o.Value?.Length ?? 0));
            Assert.InRange(bytes, 1, 3 * 1024 * 1024 / 4);
        }

        Assert.Equal(13, backend.Log.LastIndex);
    }

    [Fact]
    public async Task Commit_GroupsAndMaxEntries_TrimOnlyEntriesOlderThanTheCommitAndKeepTheBound()
    {
        var inner = new GatedBackend();
        var options = new ReplicationLogOptions { MaxEntries = 3 };
        var backend = await ReplicatingBackend.OpenAsync(inner, options);
        var opened = inner.Commits.Count;
        var held = inner.HoldNextCommit();
        var first = backend.PutAsync(new PhysicalEntry("logical/k0", [0]));
        await held.WaitAsync(Timeout);

        var queued = Enumerable.Range(1, 5).Select(i => backend.PutAsync(new PhysicalEntry($"logical/k{i}", [(byte)i]))).ToList();
        inner.Release();
        await first.WaitAsync(Timeout);
        await Task.WhenAll(queued).WaitAsync(Timeout);

        // A group never holds more entries than the log retains: 1, then 2..4, then 5..6.
        var commits = inner.Commits.Skip(opened).ToList();
        Assert.Equal([1, 3, 2], commits.Select(c => c.Count(o => !ReplicationKeys.IsReserved(o.Key))));
        foreach (var commit in commits)
        {
            var added = commit.Where(o => o.Key.StartsWith(ReplicationKeys.LogEntryPrefix, StringComparison.Ordinal) && !o.IsDelete).Select(o => o.Key);
            var dropped = commit.Where(o => o.Key.StartsWith(ReplicationKeys.LogEntryPrefix, StringComparison.Ordinal) && o.IsDelete).Select(o => o.Key);
            Assert.Empty(added.Intersect(dropped));
        }

        Assert.Equal(6, backend.Log.LastIndex);
        Assert.Equal(3, backend.Log.TrimmedThrough);
        Assert.Equal(3, backend.Log.RetainedCount);
        Assert.Equal([4L, 5L, 6L], (await backend.Log.ReadFromAsync(4, 10)).Select(e => e.Index));
        Assert.Equal(
            [ReplicationKeys.LogEntryKey(4)[ReplicationKeys.LogEntryPrefix.Length..], ReplicationKeys.LogEntryKey(5)[ReplicationKeys.LogEntryPrefix.Length..], ReplicationKeys.LogEntryKey(6)[ReplicationKeys.LogEntryPrefix.Length..]],
            await inner.ListAsync(ReplicationKeys.LogEntryPrefix));

        var reopened = await ReplicatingBackend.OpenAsync(inner, options);
        Assert.Equal(backend.Log.RetainedBytes, reopened.Log.RetainedBytes);
        Assert.Equal(3, reopened.Log.TrimmedThrough);
    }

    [Fact]
    public async Task Commit_GroupsAndMaxBytes_TrimOlderEntriesUntilTheBoundHolds()
    {
        // Every entry of this test has the same shape, so the same serialized size.
        var probe = await ReplicatingBackend.OpenAsync(new InMemoryBackend());
        await probe.PutAsync(new PhysicalEntry("logical/k0", new byte[100]));
        var entrySize = probe.Log.RetainedBytes;

        var inner = new GatedBackend();
        var options = new ReplicationLogOptions { MaxBytes = (4 * entrySize) + (entrySize / 2) };
        var backend = await ReplicatingBackend.OpenAsync(inner, options);
        var opened = inner.Commits.Count;
        for (var round = 0; round < 2; round++)
        {
            // One lone commit, held while three more queue behind it and then commit as one group.
            var held = inner.HoldNextCommit();
            var lone = backend.PutAsync(new PhysicalEntry($"logical/k{round * 4}", new byte[100]));
            await held.WaitAsync(Timeout);
            var queued = Enumerable.Range(1, 3).Select(i => backend.PutAsync(new PhysicalEntry($"logical/k{(round * 4) + i}", new byte[100]))).ToList();
            inner.Release();
            await lone.WaitAsync(Timeout);
            await Task.WhenAll(queued).WaitAsync(Timeout);
            Assert.InRange(backend.Log.RetainedBytes, 1, options.MaxBytes);
        }

        // Round two: the lone entry 5 dropped entry 1; the group 6..8 dropped 2..4, all in its own commit.
        var lastGroup = inner.Commits[^1];
        Assert.Equal(
            [ReplicationKeys.LogEntryKey(2), ReplicationKeys.LogEntryKey(3), ReplicationKeys.LogEntryKey(4)],
            lastGroup.Where(o => o.IsDelete).Select(o => o.Key));
        Assert.Equal(4, inner.Commits.Count - opened);
        Assert.Equal(4, backend.Log.TrimmedThrough);
        Assert.Equal(4 * entrySize, backend.Log.RetainedBytes);
        Assert.Equal([5L, 6L, 7L, 8L], (await backend.Log.ReadFromAsync(5, 10)).Select(e => e.Index));
    }

    [Fact]
    public async Task Commit_CancelledWhileQueued_IsWithdrawnAndNeverStored()
    {
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var held = inner.HoldNextCommit();
        var first = backend.PutAsync(new PhysicalEntry("logical/first", [0]));
        await held.WaitAsync(Timeout);

        using var cancel = new CancellationTokenSource();
        var withdrawn = backend.PutAsync(new PhysicalEntry("logical/withdrawn", [1]), cancel.Token);
        var kept = backend.PutAsync(new PhysicalEntry("logical/kept", [2]));
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withdrawn.WaitAsync(Timeout));

        inner.Release();
        await first.WaitAsync(Timeout);
        await kept.WaitAsync(Timeout);
        Assert.Null(await inner.GetAsync("logical/withdrawn"));
        Assert.Equal(["logical/first", "logical/kept"], (await backend.Log.ReadFromAsync(1, 10)).Select(e => e.Operations[0].Key));
        Assert.Equal(2, backend.Log.LastIndex);
    }

    [Fact]
    public async Task Commit_CancelledAfterItsGroupWasTaken_StillCommitsAndReportsTheOutcome()
    {
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var held = inner.HoldNextCommit();
        using var cancel = new CancellationTokenSource();
        var put = backend.PutAsync(new PhysicalEntry("logical/a", [1]), cancel.Token);
        await held.WaitAsync(Timeout);

        await cancel.CancelAsync();
        Assert.False(put.IsCompleted);
        inner.Release();
        await put.WaitAsync(Timeout);

        Assert.Equal([1], (await inner.GetAsync("logical/a"))!.Value);
        Assert.Equal(1, backend.Log.LastIndex);
    }

    [Fact]
    public async Task Commit_AlreadyCancelledToken_CommitsNothing()
    {
        var inner = new GatedBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        var opened = inner.Commits.Count;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => backend.PutAsync(new PhysicalEntry("logical/a", [1]), new CancellationToken(canceled: true)));

        Assert.Equal(opened, inner.Commits.Count);
        Assert.Equal(0, backend.Log.LastIndex);
    }

    [Fact]
    public void Commit_ConcurrentWriters_StorageEqualsTheReplayOfTheLogAndEachTransactionHasItsOwnEntry()
    {
        var operation = Gen.Select(Gen.Int[0, 5], Gen.Bool, Gen.Byte, (key, delete, value) => (Key: $"logical/k{key}", Delete: delete, Value: value));
        var transaction = operation.Array[1, 4];
        var writers = transaction.Array[1, 12].Array[2, 6];

        writers.Sample(sample => Check(sample).GetAwaiter().GetResult(), iter: 60, threads: 1);

        static async Task Check((string Key, bool Delete, byte Value)[][][] writers)
        {
            var inner = new DelayedBackend(new InMemoryBackend(), TimeSpan.FromMilliseconds(1));
            var backend = await ReplicatingBackend.OpenAsync(inner);

            // Each transaction also writes its writer's sequence key, which names it in the log.
            static List<PhysicalOperation> Transaction(int writer, int sequence, (string Key, bool Delete, byte Value)[] operations) =>
            [
                PhysicalOperation.Put($"logical/writer{writer}", BitConverter.GetBytes(sequence)),
                .. operations.Select(o => o.Delete ? PhysicalOperation.Delete(o.Key) : PhysicalOperation.Put(o.Key, [o.Value])),
            ];

            await Task.WhenAll(writers.Select((transactions, writer) => Task.Run(async () =>
            {
                for (var sequence = 0; sequence < transactions.Length; sequence++)
                {
                    await backend.CommitAsync(Transaction(writer, sequence, transactions[sequence]));
                }
            })));

            var total = writers.Sum(w => w.Length);
            var entries = await backend.Log.ReadFromAsync(1, 10_000);
            Assert.Equal(Enumerable.Range(1, total).Select(i => (long)i), entries.Select(e => e.Index));

            var replay = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var nextSequence = new int[writers.Length];
            foreach (var entry in entries)
            {
                var writer = int.Parse(entry.Operations[0].Key["logical/writer".Length..], System.Globalization.CultureInfo.InvariantCulture);
                var sequence = BitConverter.ToInt32(entry.Operations[0].Value);
                Assert.Equal(nextSequence[writer]++, sequence);
                var expected = Transaction(writer, sequence, writers[writer][sequence]);
                Assert.Equal(expected.Select(o => (o.Key, o.IsDelete, o.Value is null ? null : Convert.ToHexString(o.Value))),
                    entry.Operations.Select(o => (o.Key, o.IsDelete, o.Value is null ? null : Convert.ToHexString(o.Value))));

                foreach (var mutation in entry.Operations)
                {
                    if (mutation.IsDelete)
                    {
                        replay.Remove(mutation.Key);
                    }
                    else
                    {
                        replay[mutation.Key] = Convert.ToHexString(mutation.Value!);
                    }
                }
            }

            Assert.Equal(writers.Select(w => w.Length), nextSequence);
            Assert.Equal(await StorageSnapshot.ReplicatedAsync(inner), replay);
        }
    }
}
