using Coffer.Raft.History;
using Coffer.Replication;
using Coffer.Replication.Wal;

namespace Coffer.Server.Replication;

/// <summary>
/// A node's Raft history (<see cref="CommitHistory"/>) as the primary serves it: entries carry their Raft index, and
/// the history's id is the marker every node of the cluster applied, so a new leader carries on where the old stopped.
/// </summary>
internal sealed class RaftReplicationHistory(CommitHistory history, string openedId) : IReplicationHistory
{
    /// <summary>What each node keeps: everything outside the reserved prefix, bounded by the log shipper settings.</summary>
    public static CommitHistoryOptions Options(ReplicationLogOptions? bounds)
    {
        bounds ??= new ReplicationLogOptions();
        return new CommitHistoryOptions
        {
            MarkerKey = ReplicationKeys.HistoryMarker,
            Records = static key => !ReplicationKeys.IsReserved(key),
            MaxEntries = bounds.MaxEntries,
            MaxBytes = bounds.MaxBytes,
        };
    }

    public string LogId => history.Id ?? openedId;

    public long LastIndex => history.LastPosition.Index;

    public (long Index, DateTimeOffset CommittedAt) LastPosition => history.LastPosition;

    public long FirstRetainedIndex => history.FirstRetainedIndex;

    public Task<IReadOnlyList<ReplicationLogEntry>> ReadFromAsync(
        long fromIndex, int maxEntries, long maxBytes = long.MaxValue, CancellationToken cancellationToken = default)
    {
        if (!history.TryReadFrom(fromIndex, maxEntries, maxBytes, out var entries))
        {
            throw new ReplicationLogTruncatedException(fromIndex, history.TrimmedThrough);
        }

        var result = new ReplicationLogEntry[entries.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var entry = entries[i];
            result[i] = new ReplicationLogEntry(entry.Index, entry.AppliedAt, entry.Operations);
        }

        return Task.FromResult<IReadOnlyList<ReplicationLogEntry>>(result);
    }

    public Task WaitForEntriesAfterAsync(long index, CancellationToken cancellationToken = default) =>
        history.WaitForEntriesAfterAsync(index, cancellationToken);
}
