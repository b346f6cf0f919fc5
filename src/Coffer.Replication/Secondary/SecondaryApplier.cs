using Coffer.Replication.Protocol;
using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;

namespace Coffer.Replication.Secondary;

/// <summary>
/// Writes what the primary sends into the secondary's own storage. Every commit that advances the applied
/// index carries the new <see cref="AppliedPosition"/> with it, so a restart resumes exactly where the data is.
/// </summary>
/// <remarks>
/// What the primary sends in one message (a batch of log entries, a re-index chunk: up to 1 MiB each) is committed in
/// pieces of at most <see cref="MaxCommitBytes"/>, always whole log entries: integrated storage refuses a single write
/// above its <c>max_entry_size</c> (1 MiB by default), and a refused commit would stop replication for good.
/// </remarks>
internal sealed class SecondaryApplier(IPhysicalBackend storage, int deleteBatch)
{
    /// <summary>The most key and value bytes in one commit of replicated data.</summary>
    internal const int MaxCommitBytes = 512 * 1024;

    public IPhysicalBackend Storage { get; } = storage;

    /// <summary>
    /// Applies the entries above <paramref name="position"/>'s index, in commits of whole entries that each carry the
    /// position they reach; duplicates are skipped.
    /// </summary>
    public async Task<AppliedPosition> ApplyBatchAsync(AppliedPosition position, EntryBatch batch, CancellationToken cancellationToken)
    {
        var operations = new List<PhysicalOperation>();
        long bytes = 0;
        var pending = position;
        foreach (var entry in batch.Entries)
        {
            // Entries at or below what is already applied are duplicates (a resent batch): applying them
            // again could move a key backwards past a later write.
            if ((long)entry.Index <= pending.Index)
            {
                continue;
            }

            var size = SizeOf(entry);
            if (operations.Count > 0 && bytes + size > MaxCommitBytes)
            {
                operations.Add(pending.ToOperation());
                await Storage.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
                position = pending;
                operations = [];
                bytes = 0;
            }

            AppendMutations(operations, entry);
            bytes += size;
            pending = pending with { Index = (long)entry.Index, CommittedAt = DateTimeOffset.FromUnixTimeMilliseconds(entry.CommittedAtUnixMs) };
        }

        if (pending.Index == position.Index)
        {
            return position;
        }

        operations.Add(pending.ToOperation());
        await Storage.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
        return pending;
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
        long bytes = 0;
        foreach (var pair in chunk.Entries)
        {
            if (ReplicationKeys.IsReserved(pair.Key))
            {
                continue;
            }

            var size = pair.Key.Length + pair.Value.Length;
            if (operations.Count > 0 && bytes + size > MaxCommitBytes)
            {
                await Storage.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
                operations = [];
                bytes = 0;
            }

            operations.Add(PhysicalOperation.PutHandedOver(pair.Key, ReceivedBytes.Take(pair.Value)));
            bytes += size;
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
        long bytes = 0;
        var last = (Index: afterIndex, CommittedAt: afterCommittedAt);
        foreach (var entry in batch.Entries)
        {
            if ((long)entry.Index <= last.Index)
            {
                continue;
            }

            var size = SizeOf(entry);
            if (operations.Count > 0 && bytes + size > MaxCommitBytes)
            {
                await Storage.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
                operations = [];
                bytes = 0;
            }

            AppendMutations(operations, entry);
            bytes += size;
            last = ((long)entry.Index, DateTimeOffset.FromUnixTimeMilliseconds(entry.CommittedAtUnixMs));
        }

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

    private static void AppendMutations(List<PhysicalOperation> operations, LogEntry entry)
    {
        foreach (var mutation in entry.Mutations)
        {
            if (ReplicationKeys.IsReserved(mutation.Key))
            {
                continue;
            }

            operations.Add(mutation.Delete
                ? PhysicalOperation.Delete(mutation.Key)
                : PhysicalOperation.PutHandedOver(mutation.Key, ReceivedBytes.Take(mutation.Value)));
        }
    }

    private static long SizeOf(LogEntry entry)
    {
        long size = 0;
        foreach (var mutation in entry.Mutations)
        {
            size += mutation.Key.Length + mutation.Value.Length;
        }

        return size;
    }
}
