using Coffer.Sdk.Physical;

namespace Coffer.Raft.History;

/// <summary>
/// One applied Raft entry as the history keeps it: its index, when this node applied it, and its operations on
/// recorded keys in order. The value arrays are the applied state's own and are never mutated.
/// </summary>
public sealed record CommittedEntry(long Index, DateTimeOffset AppliedAt, IReadOnlyList<PhysicalOperation> Operations, long Size);
