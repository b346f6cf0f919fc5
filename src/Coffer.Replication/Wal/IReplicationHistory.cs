namespace Coffer.Replication.Wal;

/// <summary>
/// What a primary serves its secondaries from: its committed mutations in commit order, each tagged with a strictly
/// increasing index (gaps allowed), the newest of them retained. Two implementations: <see cref="ReplicationLog"/>,
/// a log stored beside the data (file and in-memory storage), and the integrated-storage node's own Raft history,
/// whose indexes are Raft indexes.
/// </summary>
/// <remarks>
/// Implementations publish an entry only once its data is visible in storage, so a reader that takes
/// <see cref="LastPosition"/> and then reads storage sees at least that entry's effects.
/// </remarks>
public interface IReplicationHistory
{
    /// <summary>Identifies this history: indexes from another one (another primary, or a new log) mean nothing here.</summary>
    string LogId { get; }

    /// <summary>The newest index; a secondary that has it lacks nothing.</summary>
    long LastIndex { get; }

    /// <summary>The newest index and its commit time, read together.</summary>
    (long Index, DateTimeOffset CommittedAt) LastPosition { get; }

    /// <summary>The oldest retained index, or 0 when nothing is retained.</summary>
    long FirstRetainedIndex { get; }

    /// <summary>
    /// Up to <paramref name="maxEntries"/> retained entries with index &gt;= <paramref name="fromIndex"/>, in index
    /// order, stopping early once <paramref name="maxBytes"/> is reached (the first entry is always returned).
    /// Empty when nothing that new exists yet.
    /// </summary>
    /// <exception cref="ReplicationLogTruncatedException">An entry the reader needs was already dropped.</exception>
    Task<IReadOnlyList<ReplicationLogEntry>> ReadFromAsync(
        long fromIndex, int maxEntries, long maxBytes = long.MaxValue, CancellationToken cancellationToken = default);

    /// <summary>Completes once the history moved past <paramref name="index"/> (a new entry, or a trim reaching it).</summary>
    Task WaitForEntriesAfterAsync(long index, CancellationToken cancellationToken = default);
}
