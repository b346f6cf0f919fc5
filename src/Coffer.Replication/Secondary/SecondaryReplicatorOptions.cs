namespace Coffer.Replication.Secondary;

public sealed class SecondaryReplicatorOptions
{
    /// <summary>First wait before reconnecting; doubles on each failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A stream silent this long (no batch, no heartbeat) is taken as dead and reopened.</summary>
    public TimeSpan StreamSilenceTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest wait for the next re-index message (the primary lists all keys before the first).</summary>
    public TimeSpan ReindexSilenceTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A streamed commit of at least this many storage operations marks the primary as busy (see
    /// <see cref="BusyCommitInterval"/>). Operations, not log entries: a primary under load carries many writes in each
    /// entry. A KV v2 write is about three operations, so the default engages above roughly 2,000 writes a second.
    /// </summary>
    public int BusyCommitOperations { get; init; } = 128;

    /// <summary>
    /// After a commit of at least <see cref="BusyCommitOperations"/> operations, the next streamed commit starts no sooner
    /// than this long after that one began; what arrives meanwhile is applied together. A busy stream then costs the
    /// secondary a few large commits a second instead of one per message (each commit is a Raft round and a flush,
    /// which cost more than the entries in it), for up to this much more lag. A quiet stream, such as a few hundred
    /// writes a second, never reaches the threshold and commits each batch as it arrives.
    /// </summary>
    public TimeSpan BusyCommitInterval { get; init; } = TimeSpan.FromMilliseconds(60);

    /// <summary>How many deletes of stale keys go into one commit at the end of a re-index.</summary>
    public int ReindexDeleteBatch { get; init; } = 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StreamSilenceTimeout, TimeSpan.Zero, nameof(StreamSilenceTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReindexSilenceTimeout, TimeSpan.Zero, nameof(ReindexSilenceTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReindexDeleteBatch, 1, nameof(ReindexDeleteBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyCommitOperations, 1, nameof(BusyCommitOperations));
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyCommitInterval, TimeSpan.Zero, nameof(BusyCommitInterval));
    }
}
