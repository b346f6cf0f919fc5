using Coffer.Sdk.Physical;

namespace Coffer.Replication.Wal;

/// <summary>
/// An append of one or more entries computed but not yet committed: the operations to add to the caller's
/// transaction (the entries, the trims, one new meta record) and the state the log takes once that transaction commits.
/// </summary>
internal sealed record PendingAppend(
    IReadOnlyList<RetainedEntry> Added,
    long AddedBytes,
    DateTimeOffset CommittedAt,
    int TrimCount,
    long TrimmedBytes,
    long TrimmedThrough,
    IReadOnlyList<PhysicalOperation> Operations)
{
    public long LastIndex => Added[^1].Index;
}
