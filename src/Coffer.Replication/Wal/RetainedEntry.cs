namespace Coffer.Replication.Wal;

/// <summary>The log's in-memory index of one retained entry; the entry itself stays cached only near the tail.</summary>
internal sealed class RetainedEntry(long index, int size, ReplicationLogEntry? cached)
{
    public long Index { get; } = index;

    public int Size { get; } = size;

    public ReplicationLogEntry? Cached { get; set; } = cached;
}
