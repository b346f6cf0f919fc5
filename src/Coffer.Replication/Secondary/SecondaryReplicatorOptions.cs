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

    /// <summary>How many deletes of stale keys go into one commit at the end of a re-index.</summary>
    public int ReindexDeleteBatch { get; init; } = 1024;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(InitialBackoff, TimeSpan.Zero, nameof(InitialBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, InitialBackoff, nameof(MaxBackoff));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StreamSilenceTimeout, TimeSpan.Zero, nameof(StreamSilenceTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ReindexSilenceTimeout, TimeSpan.Zero, nameof(ReindexSilenceTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReindexDeleteBatch, 1, nameof(ReindexDeleteBatch));
    }
}
