using Coffer.Sdk.Physical;

namespace Coffer.Replication.Wal;

/// <summary>
/// An append computed but not yet committed: the operations to add to the caller's transaction (the entry,
/// the trims, the new meta record) and the state the log takes once that transaction commits.
/// </summary>
internal sealed record PendingAppend(
    ReplicationLogEntry Entry,
    int Size,
    int TrimCount,
    long TrimmedBytes,
    long TrimmedThrough,
    IReadOnlyList<PhysicalOperation> Operations);
