using System.Text;
using Coffer.Replication.Tests.Support;
using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Replication.Tests.Wal;

/// <summary>Data and log entries are committed together: a failed commit leaves both or neither.</summary>
public sealed class CommitAtomicityTests
{
    [Fact]
    public async Task Commit_InnerFailsBeforeApplying_LeavesNeitherDataNorEntry()
    {
        var inner = new FaultyBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        await backend.PutAsync(new PhysicalEntry("a", [1]));

        inner.NextCommitFault = CommitFault.BeforeApply;
        await Assert.ThrowsAsync<IOException>(() => backend.PutAsync(new PhysicalEntry("b", [2])));

        Assert.Null(await inner.GetAsync("b"));
        Assert.Null(await inner.GetAsync(ReplicationKeys.LogEntryKey(2)));
        await backend.PutAsync(new PhysicalEntry("c", [3]));
        Assert.Equal(2, backend.Log.LastIndex);
        Assert.Equal("c", Assert.Single((await backend.Log.ReadFromAsync(2, 10))).Operations[0].Key);
    }

    [Fact]
    public async Task Commit_InnerFailsAfterApplying_KeepsBothAndNeverReusesTheIndex()
    {
        var inner = new FaultyBackend();
        var backend = await ReplicatingBackend.OpenAsync(inner);
        await backend.PutAsync(new PhysicalEntry("a", [1]));

        inner.NextCommitFault = CommitFault.AfterApply;
        await Assert.ThrowsAsync<IOException>(() => backend.PutAsync(new PhysicalEntry("b", [2])));

        Assert.NotNull(await inner.GetAsync("b"));
        Assert.NotNull(await inner.GetAsync(ReplicationKeys.LogEntryKey(2)));

        // The next commit must discover that index 2 is taken, not overwrite it.
        await backend.PutAsync(new PhysicalEntry("c", [3]));
        var entries = await backend.Log.ReadFromAsync(1, 10);
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Index));
        Assert.Equal(["a", "b", "c"], entries.Select(e => e.Operations[0].Key));
    }

    [Fact]
    public void Commit_RandomWritesAndFaults_ReplayingTheLogReproducesTheData()
    {
        var operation = Gen.Select(
            Gen.Int[0, 7],
            Gen.Bool,
            Gen.Byte,
            Gen.Enum<CommitFault>(),
            (key, delete, value, fault) => (Key: $"logical/k{key}", Delete: delete, Value: value, Fault: fault));

        Gen.Select(operation.Array[1, 40], Gen.Int[2, 8]).Sample(sample =>
        {
            var (operations, maxEntries) = sample;
            Check(operations, maxEntries).GetAwaiter().GetResult();
        }, iter: 150, threads: 1);

        static async Task Check((string Key, bool Delete, byte Value, CommitFault Fault)[] operations, int maxEntries)
        {
            var inner = new FaultyBackend();
            var backend = await ReplicatingBackend.OpenAsync(inner, new ReplicationLogOptions { MaxEntries = maxEntries });

            // The primary's state as a secondary would rebuild it: a copy taken now, plus every later entry.
            var replica = await StorageSnapshot.ReplicatedAsync(inner);
            var applied = backend.Log.LastIndex;
            foreach (var op in operations)
            {
                inner.NextCommitFault = op.Fault;
                try
                {
                    await backend.CommitAsync([op.Delete ? PhysicalOperation.Delete(op.Key) : PhysicalOperation.Put(op.Key, [op.Value])]);
                }
                catch (IOException)
                {
                }

                // Keep the replica inside the retained window; a lost acknowledgement must surface on the next commit.
                try
                {
                    foreach (var entry in await backend.Log.ReadFromAsync(applied + 1, 1000))
                    {
                        foreach (var mutation in entry.Operations)
                        {
                            if (mutation.IsDelete)
                            {
                                replica.Remove(mutation.Key);
                            }
                            else
                            {
                                replica[mutation.Key] = Convert.ToHexString(mutation.Value!);
                            }
                        }

                        applied = entry.Index;
                    }
                }
                catch (ReplicationLogTruncatedException)
                {
                    Assert.Fail("the reader fell out of the log while reading after every commit");
                }
            }

            // One more commit forces recovery of any unacknowledged entry, then the logs must agree.
            await backend.PutAsync(new PhysicalEntry("logical/final", [0]));
            foreach (var entry in await backend.Log.ReadFromAsync(applied + 1, 1000))
            {
                foreach (var mutation in entry.Operations)
                {
                    if (mutation.IsDelete)
                    {
                        replica.Remove(mutation.Key);
                    }
                    else
                    {
                        replica[mutation.Key] = Convert.ToHexString(mutation.Value!);
                    }
                }
            }

            Assert.Equal(await StorageSnapshot.ReplicatedAsync(inner), replica);

            var reopened = await ReplicatingBackend.OpenAsync(inner, new ReplicationLogOptions { MaxEntries = maxEntries });
            Assert.Equal(backend.Log.LastIndex, reopened.Log.LastIndex);
            Assert.Equal(backend.Log.TrimmedThrough, reopened.Log.TrimmedThrough);
            Assert.Equal(backend.Log.RetainedBytes, reopened.Log.RetainedBytes);
        }
    }
}
