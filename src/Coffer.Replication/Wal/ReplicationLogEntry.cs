using Coffer.Sdk.Physical;

namespace Coffer.Replication.Wal;

/// <summary>
/// One committed primary transaction as the log keeps it: the replicated (non-reserved) mutations,
/// opaque ciphertext, in commit order. All of them share <paramref name="Index"/> and apply atomically.
/// </summary>
public sealed record ReplicationLogEntry(long Index, DateTimeOffset CommittedAt, IReadOnlyList<PhysicalOperation> Operations);
