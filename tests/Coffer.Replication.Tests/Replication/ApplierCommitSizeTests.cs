using Coffer.Replication.Protocol;
using Coffer.Replication.Secondary;
using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;
using Google.Protobuf;

namespace Coffer.Replication.Tests.Replication;

/// <summary>
/// The secondary never sends its storage a commit larger than integrated storage accepts (1 MiB by default), however
/// large the batch or chunk the primary sent: a refused commit would stop replication.
/// </summary>
public sealed class ApplierCommitSizeTests
{
    private const int RaftMaxEntrySize = 1024 * 1024;

    [Fact]
    public async Task ApplyBatch_OfThreeMiB_CommitsWholeEntriesUnderTheLimitWithTheirPositions()
    {
        var storage = new SizeLimitedBackend(RaftMaxEntrySize);
        var applier = new SecondaryApplier(storage, 1024);
        var batch = new EntryBatch();
        for (var i = 1; i <= 30; i++)
        {
            batch.Entries.Add(new LogEntry
            {
                Index = (ulong)i,
                CommittedAtUnixMs = 1_000 * i,
                Mutations = { new Mutation { Key = $"logical/k{i}", Value = ByteString.CopyFrom(new byte[100 * 1024]) } },
            });
        }

        var position = await applier.ApplyBatchAsync(AppliedPosition.None with { LogId = "log" }, batch, TestContext.Current.CancellationToken);

        Assert.Equal(30, position.Index);
        Assert.True(storage.Commits > 1, "the batch was not split");
        Assert.All(Enumerable.Range(1, 30), i => Assert.NotNull(storage.Inner.GetAsync($"logical/k{i}").GetAwaiter().GetResult()));
        var stored = await AppliedPosition.LoadAsync(storage.Inner, TestContext.Current.CancellationToken);
        Assert.Equal(30, stored.Index);
    }

    [Fact]
    public async Task ApplyChunk_OfTwoMiB_IsSplitUnderTheLimit()
    {
        var storage = new SizeLimitedBackend(RaftMaxEntrySize);
        var applier = new SecondaryApplier(storage, 1024);
        var chunk = new ReindexChunk();
        for (var i = 0; i < 20; i++)
        {
            chunk.Entries.Add(new KeyValue { Key = $"logical/c{i}", Value = ByteString.CopyFrom(new byte[100 * 1024]) });
        }

        var received = new HashSet<string>(StringComparer.Ordinal);
        await applier.ApplyChunkAsync(chunk, received, TestContext.Current.CancellationToken);

        Assert.Equal(20, received.Count);
        Assert.True(storage.Commits > 1, "the chunk was not split");
    }

    /// <summary>An in-memory backend that refuses a commit above a size, as integrated storage does.</summary>
    private sealed class SizeLimitedBackend(int limit) : IPhysicalBackend
    {
        public InMemoryBackend Inner { get; } = new();

        public int Commits { get; private set; }

        public string Name => "limited";

        public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => Inner.GetAsync(key, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => Inner.ListAsync(prefix, cancellationToken);

        public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Put(entry.Key, entry.Value)], cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Delete(key)], cancellationToken);

        public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
        {
            var size = operations.Sum(o => o.Key.Length + (o.Value?.Length ?? 0));
            Assert.True(size <= limit, $"a commit of {size} bytes exceeds the {limit}-byte limit");
            Commits++;
            return Inner.CommitAsync(operations, cancellationToken);
        }
    }
}
