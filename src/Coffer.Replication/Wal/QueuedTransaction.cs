using Coffer.Sdk.Physical;

namespace Coffer.Replication.Wal;

/// <summary>
/// A logged commit waiting for <see cref="ReplicatingBackend"/>'s flusher: the caller's operations as given (what
/// storage gets), the log's copy of the replicated ones, and how the caller learns the outcome.
/// </summary>
internal sealed class QueuedTransaction(IReadOnlyList<PhysicalOperation> operations, IReadOnlyList<PhysicalOperation> replicated, long weight)
{
    public IReadOnlyList<PhysicalOperation> Operations { get; } = operations;

    public IReadOnlyList<PhysicalOperation> Replicated { get; } = replicated;

    /// <summary>Roughly the bytes this transaction adds to a group's inner commit, once as data and once in its log entry.</summary>
    public long Weight { get; } = weight;

    public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Taken into a group: from then on it commits (or fails) with that group, whatever its caller does.</summary>
    /// <remarks>Guarded by the backend's queue lock, as is <see cref="Withdrawn"/>.</remarks>
    public bool Taken { get; set; }

    /// <summary>Its caller cancelled before it was taken: it never reaches storage and the flusher skips it.</summary>
    public bool Withdrawn { get; set; }
}
