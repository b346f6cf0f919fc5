namespace Coffer.Replication.Wal;

/// <summary>How much history the primary keeps, and how indexes are chosen.</summary>
public sealed class ReplicationLogOptions
{
    /// <summary>The most entries retained; older ones are dropped in the commit that adds new ones.</summary>
    public long MaxEntries { get; init; } = 100_000;

    /// <summary>
    /// The most serialized bytes retained. The entries of the newest commit (one, or a group of concurrent
    /// transactions) are always kept, whatever their size, so the bound can be exceeded by that commit alone.
    /// </summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>How many of the newest entries stay in memory, so live streaming never reads storage.</summary>
    public int TailCacheEntries { get; init; } = 4096;

    public IReplicationIndexSource IndexSource { get; init; } = SequentialIndexSource.Instance;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntries, 1, nameof(MaxEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1, nameof(MaxBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(TailCacheEntries, nameof(TailCacheEntries));
        ArgumentNullException.ThrowIfNull(IndexSource, nameof(IndexSource));
    }
}
