namespace Coffer.Raft.StateMachine;

/// <summary>
/// Snapshots written on this node that the engine has not been given yet, oldest first. The engine truncates its log
/// up to the snapshot it holds, so a snapshot is handed over only once <c>trailing_logs</c> more entries have been
/// applied after it: the log then keeps that many entries behind the snapshot, as Vault's does.
/// </summary>
/// <remarks>
/// A newer snapshot must never displace an older one that is still waiting. With Vault's defaults
/// (<c>snapshot_threshold</c> 8,192 below <c>trailing_logs</c> 10,000) the next snapshot is always taken before the
/// previous one is due, so a node that kept only the newest would never hand one over and its log would grow without
/// end. At most two wait: the oldest, which becomes due first, and the newest; one taken in between is dropped.
/// Not thread-safe: the state machine calls it under its snapshot lock.
/// </remarks>
internal sealed class WaitingSnapshots(long trailingLogs)
{
    private readonly List<SnapshotFile> _files = [];
    private long _nextDue = long.MaxValue;

    /// <summary>Whether some snapshot is due at <paramref name="appliedIndex"/>; safe to call without the lock.</summary>
    public bool AnyDue(long appliedIndex) => Volatile.Read(ref _nextDue) is var due && due != long.MaxValue && appliedIndex >= due;

    /// <summary>Whether <paramref name="path"/> is one of the waiting snapshots (garbage collection must keep it).</summary>
    public bool Holds(string path) => _files.Exists(f => f.Path == path);

    /// <summary>Adds a snapshot newer than every waiting one; returns the files that are no longer needed.</summary>
    public IReadOnlyList<SnapshotFile> Add(SnapshotFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (_files.Count > 0 && file.Index <= _files[^1].Index)
        {
            throw new ArgumentException($"Snapshot {file.Index} is not newer than the waiting snapshot {_files[^1].Index}.", nameof(file));
        }

        // At most two were waiting, so at most the one in the middle goes.
        _files.Add(file);
        SnapshotFile[] dropped = [];
        if (_files.Count > 2)
        {
            dropped = [_files[1]];
            _files.RemoveAt(1);
        }

        UpdateNextDue();
        return dropped;
    }

    /// <summary>
    /// Removes the newest snapshot that is due at <paramref name="appliedIndex"/>, with the older waiting ones it
    /// supersedes; null when none is due.
    /// </summary>
    public (SnapshotFile Due, IReadOnlyList<SnapshotFile> Superseded)? TakeDue(long appliedIndex)
    {
        var due = _files.FindLastIndex(f => f.Index <= appliedIndex - trailingLogs);
        if (due < 0)
        {
            return null;
        }

        var file = _files[due];
        var superseded = _files.GetRange(0, due);
        _files.RemoveRange(0, due + 1);
        UpdateNextDue();
        return (file, superseded);
    }

    /// <summary>Forgets every waiting snapshot (a newer one came from the leader) and returns them.</summary>
    public IReadOnlyList<SnapshotFile> Clear()
    {
        var all = _files.ToList();
        _files.Clear();
        UpdateNextDue();
        return all;
    }

    /// <summary>The index at which the oldest waiting snapshot is due; <see cref="long.MaxValue"/> for none (or never).</summary>
    private void UpdateNextDue() =>
        Volatile.Write(ref _nextDue, _files.Count == 0 || _files[0].Index > long.MaxValue - trailingLogs ? long.MaxValue : _files[0].Index + trailingLogs);
}
