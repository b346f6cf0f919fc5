namespace Coffer.Raft.History;

/// <summary>
/// What a node keeps of its own applied history for a consumer outside the cluster (a DR primary's secondaries):
/// which keys count, which key switches recording on, and how much is retained.
/// </summary>
public sealed record CommitHistoryOptions
{
    /// <summary>
    /// Recording runs while the applied state holds this key; its value (UTF-8) is the history's id. It is written
    /// through Raft like any key, so every node of the cluster starts, restarts and stops at the same entry.
    /// </summary>
    public required string MarkerKey { get; init; }

    /// <summary>Which keys the history keeps; an entry touching none of them is not part of the history.</summary>
    public required Func<string, bool> Records { get; init; }

    /// <summary>The most entries retained in memory; the oldest go first.</summary>
    public long MaxEntries { get; init; } = 100_000;

    /// <summary>The most key and value bytes retained; the newest entry is always kept, whatever its size.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;

    internal void Validate()
    {
        ArgumentException.ThrowIfNullOrEmpty(MarkerKey, nameof(MarkerKey));
        ArgumentNullException.ThrowIfNull(Records, nameof(Records));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntries, 1, nameof(MaxEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBytes, 1, nameof(MaxBytes));
    }
}
