namespace Coffer.Replication.Wal;

/// <summary>The requested index is no longer in the retained log: the reader must re-index.</summary>
public sealed class ReplicationLogTruncatedException : Exception
{
    public ReplicationLogTruncatedException(long requestedIndex, long trimmedThrough)
        : base($"Replication log entry {requestedIndex} is no longer retained (entries through {trimmedThrough} were dropped).")
    {
        RequestedIndex = requestedIndex;
        TrimmedThrough = trimmedThrough;
    }

    public long RequestedIndex { get; }

    public long TrimmedThrough { get; }
}
