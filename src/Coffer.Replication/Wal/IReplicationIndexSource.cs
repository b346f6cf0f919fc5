namespace Coffer.Replication.Wal;

/// <summary>
/// Chooses the index of the next commit a <see cref="ReplicationLog"/> records (file and in-memory storage; on
/// integrated storage the Raft index is the replication index). Indexes must strictly increase; gaps are allowed
/// (streaming and lag tolerate them).
/// </summary>
public interface IReplicationIndexSource
{
    long NextIndex(long lastIndex);
}
