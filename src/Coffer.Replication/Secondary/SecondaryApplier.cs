using Coffer.Replication.Protocol;
using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;

namespace Coffer.Replication.Secondary;

/// <summary>
/// Writes what the primary sends into the secondary's own storage. Every commit that advances the applied
/// index carries the new <see cref="AppliedPosition"/> with it, so a restart resumes exactly where the data is.
/// </summary>
internal sealed class SecondaryApplier(IPhysicalBackend storage, int deleteBatch)
{
    public IPhysicalBackend Storage { get; } = storage;

    /// <summary>Applies the entries above <paramref name="position"/>'s index in one commit; duplicates are skipped.</summary>
    public async Task<AppliedPosition> ApplyBatchAsync(AppliedPosition position, EntryBatch batch, CancellationToken cancellationToken)
    {
        var operations = new List<PhysicalOperation>();
        var (index, committedAt) = AppendEntries(operations, batch, position.Index, position.CommittedAt);
        if (index == position.Index)
        {
            return position;
        }

        var next = position with { Index = index, CommittedAt = committedAt };
        operations.Add(next.ToOperation());
        await Storage.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
        return next;
    }

    /// <summary>Marks the data as mid-re-index before touching it, so a crash from here on re-indexes again.</summary>
    public async Task<AppliedPosition> BeginReindexAsync(AppliedPosition position, CancellationToken cancellationToken)
    {
        var marked = AppliedPosition.None with { ReindexInProgress = true, LastReindex = position.LastReindex };
        await Storage.CommitAsync([marked.ToOperation()], cancellationToken).ConfigureAwait(false);
        return marked;
    }

    public async Task ApplyChunkAsync(ReindexChunk chunk, ISet<string> received, CancellationToken cancellationToken)
    {
        var operations = new List<PhysicalOperation>(chunk.Entries.Count);
        foreach (var pair in chunk.Entries)
        {
            if (ReplicationKeys.IsReserved(pair.Key))
            {
                continue;
            }

            operations.Add(PhysicalOperation.Put(pair.Key, pair.Value.ToByteArray()));
            received.Add(pair.Key);
        }

        if (operations.Count > 0)
        {
            await Storage.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Deletes every local replicated key the primary's copy did not contain.</summary>
    public async Task DeleteStaleAsync(ISet<string> received, CancellationToken cancellationToken)
    {
        var stale = new List<PhysicalOperation>();
        foreach (var key in await KeyWalker.ReplicatedKeysAsync(Storage, cancellationToken).ConfigureAwait(false))
        {
            if (received.Contains(key))
            {
                continue;
            }

            stale.Add(PhysicalOperation.Delete(key));
            if (stale.Count >= deleteBatch)
            {
                await Storage.CommitAsync(stale, cancellationToken).ConfigureAwait(false);
                stale = [];
            }
        }

        if (stale.Count > 0)
        {
            await Storage.CommitAsync(stale, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Replays entries committed during the copy; the position stays "re-indexing" until the end.</summary>
    public async Task<(long Index, DateTimeOffset CommittedAt)> ApplyCatchUpAsync(
        EntryBatch batch, long afterIndex, DateTimeOffset afterCommittedAt, CancellationToken cancellationToken)
    {
        var operations = new List<PhysicalOperation>();
        var last = AppendEntries(operations, batch, afterIndex, afterCommittedAt);
        if (operations.Count > 0)
        {
            await Storage.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
        }

        return last;
    }

    public async Task<AppliedPosition> FinishReindexAsync(string logId, long index, DateTimeOffset committedAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Whole seconds, as stored, so the position in memory equals the one a restart reads back.
        var done = new AppliedPosition(logId, index, committedAt, ReindexInProgress: false, LastReindex: DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()));
        await Storage.CommitAsync([done.ToOperation()], cancellationToken).ConfigureAwait(false);
        return done;
    }

    /// <summary>Removes every replicated key and the applied position: the wipe of a newly enabled secondary.</summary>
    public async Task WipeAsync(CancellationToken cancellationToken)
    {
        await DeleteStaleAsync(new HashSet<string>(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        await Storage.CommitAsync([PhysicalOperation.Delete(ReplicationKeys.SecondaryState)], cancellationToken).ConfigureAwait(false);
    }

    private static (long Index, DateTimeOffset CommittedAt) AppendEntries(
        List<PhysicalOperation> operations, EntryBatch batch, long afterIndex, DateTimeOffset afterCommittedAt)
    {
        var index = afterIndex;
        var committedAt = afterCommittedAt;
        foreach (var entry in batch.Entries)
        {
            // Entries at or below what is already applied are duplicates (a resent batch): applying them
            // again could move a key backwards past a later write.
            if ((long)entry.Index <= index)
            {
                continue;
            }

            foreach (var mutation in entry.Mutations)
            {
                if (ReplicationKeys.IsReserved(mutation.Key))
                {
                    continue;
                }

                operations.Add(mutation.Delete
                    ? PhysicalOperation.Delete(mutation.Key)
                    : PhysicalOperation.Put(mutation.Key, mutation.Value.ToByteArray()));
            }

            index = (long)entry.Index;
            committedAt = DateTimeOffset.FromUnixTimeMilliseconds(entry.CommittedAtUnixMs);
        }

        return (index, committedAt);
    }
}
