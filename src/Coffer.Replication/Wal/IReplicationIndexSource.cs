namespace Coffer.Replication.Wal;

/// <summary>
/// Chooses the index of the next logged commit. This is the one place that decides what a replication
/// index is: today the primary's own commit sequence, later possibly the integrated-storage log index.
/// Indexes must strictly increase; gaps are allowed (streaming and lag tolerate them).
/// </summary>
public interface IReplicationIndexSource
{
    long NextIndex(long lastIndex);
}
