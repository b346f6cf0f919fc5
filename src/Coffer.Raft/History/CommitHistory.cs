using System.Text;
using Coffer.Raft.Commands;
using Coffer.Raft.StateMachine;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.History;

/// <summary>
/// The newest applied entries that touched recorded keys, in index order, kept in memory by every node while the
/// applied state holds <see cref="CommitHistoryOptions.MarkerKey"/>. It is the Raft log seen from outside the
/// cluster: indexes are Raft indexes (with gaps where an entry touched no recorded key), the same on every node, so
/// a reader can move from one node to another (a new leader) and carry on from the index it reached.
/// </summary>
/// <remarks>
/// <para>
/// Nothing is stored twice: the entries share the applied state's value arrays. The history is filled as entries
/// are applied, including the replay after a restart, so it starts where the node's state was last loaded whole: at
/// startup from a snapshot, on a snapshot installed from the leader, on a restore commit, and when the marker changes.
/// Each of those is a break, and everything before it reads as trimmed (<see cref="TrimmedThrough"/>).
/// </para>
/// <para>
/// The break point is the state's <see cref="KeyValueState.RecordedIndex"/>, the last entry that touched a recorded
/// key, which snapshots keep. A reader that had everything up to that entry therefore reads on after a restart
/// without a gap, however many entries touching nothing recorded came after it.
/// </para>
/// <para>Applied on the engine's apply path (one caller at a time); read concurrently under one lock.</para>
/// </remarks>
public sealed class CommitHistory
{
    private readonly CommitHistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();

    private readonly RetainedWindow<CommittedEntry> _retained = new(static entry => entry.Index);
    private long _retainedBytes;
    private long _lastIndex;
    private DateTimeOffset _lastAppliedAt;
    private long _trimmedThrough;
    private string? _id;
    private TaskCompletionSource _appended = NewSignal();

    internal CommitHistory(CommitHistoryOptions options, TimeProvider time)
    {
        options.Validate();
        _options = options;
        _time = time;
    }

    /// <summary>The history's id (the marker's value), or null while nothing is recorded.</summary>
    public string? Id
    {
        get { lock (_lock) { return _id; } }
    }

    /// <summary>The index of the last recorded entry (or of the last break) and when it was applied here.</summary>
    public (long Index, DateTimeOffset AppliedAt) LastPosition
    {
        get { lock (_lock) { return (_lastIndex, _lastAppliedAt); } }
    }

    /// <summary>Every entry at or below this index is gone; a reader that needs one must start over from the data.</summary>
    public long TrimmedThrough
    {
        get { lock (_lock) { return _trimmedThrough; } }
    }

    /// <summary>The oldest retained index, or 0 when nothing is retained.</summary>
    public long FirstRetainedIndex
    {
        get { lock (_lock) { return _retained.FirstIndex; } }
    }

    public int RetainedCount
    {
        get { lock (_lock) { return _retained.Count; } }
    }

    /// <summary>
    /// Up to <paramref name="maxEntries"/> retained entries with index &gt;= <paramref name="fromIndex"/>, stopping
    /// once <paramref name="maxBytes"/> is reached (the first is always returned); empty when nothing that new exists.
    /// False when an entry the reader needs was already dropped.
    /// </summary>
    public bool TryReadFrom(long fromIndex, int maxEntries, long maxBytes, out IReadOnlyList<CommittedEntry> entries)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        lock (_lock)
        {
            if (fromIndex <= _trimmedThrough)
            {
                entries = [];
                return false;
            }

            var result = new List<CommittedEntry>();
            long bytes = 0;
            for (var i = _retained.PositionOfFirstAtOrAbove(fromIndex); i < _retained.Count && result.Count < maxEntries; i++)
            {
                var entry = _retained[i];
                if (result.Count > 0 && bytes + entry.Size > maxBytes)
                {
                    break;
                }

                bytes += entry.Size;
                result.Add(entry);
            }

            entries = result;
            return true;
        }
    }

    /// <summary>Completes once the history moved past <paramref name="index"/>: a new entry, or a break.</summary>
    public async Task WaitForEntriesAfterAsync(long index, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task appended;
            lock (_lock)
            {
                if (_lastIndex > index || _trimmedThrough > index)
                {
                    return;
                }

                appended = _appended.Task;
            }

            await appended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What the history needs of <paramref name="command"/>, read in one pass over its operations.</summary>
    internal SelectedCommand Select(StorageCommand command)
    {
        var operations = command.Operations;
        List<PhysicalOperation>? subset = null;
        var setsMarker = false;
        for (var i = 0; i < operations.Count; i++)
        {
            var key = operations[i].Key;
            setsMarker |= key == _options.MarkerKey;
            if (_options.Records(key))
            {
                subset?.Add(operations[i]);
            }
            else
            {
                // The first operation left out: from here on keep a copy of the recorded ones.
                subset ??= [.. operations.Take(i)];
            }
        }

        return new SelectedCommand(subset ?? operations, setsMarker, command.Kind == StorageCommandKind.RestoreCommit);
    }

    /// <summary>Starts over from <paramref name="state"/>, loaded whole (startup, a snapshot from the leader, a restore).</summary>
    internal void Reset(KeyValueState state)
    {
        var id = state.Entries.TryGetValue(_options.MarkerKey, out var marker) ? Encoding.UTF8.GetString(marker) : null;
        TaskCompletionSource appended;
        lock (_lock)
        {
            _id = id;
            _retained.Clear();
            _retainedBytes = 0;
            _lastIndex = state.RecordedIndex;
            _trimmedThrough = state.RecordedIndex;
            _lastAppliedAt = _time.GetUtcNow();
            appended = _appended;
            _appended = NewSignal();
        }

        appended.TrySetResult();
    }

    /// <summary>Records the entry that turned <paramref name="before"/> into <paramref name="after"/>.</summary>
    internal void OnApplied(KeyValueState before, KeyValueState after, SelectedCommand command)
    {
        if (before.RestoreGeneration != after.RestoreGeneration || command.SetsMarker)
        {
            // Everything changed at once, or a new id (a new history begins after this entry), or none (recording stops).
            Reset(after);
            return;
        }

        if (command.ChangesRecordedKeys && Volatile.Read(ref _id) is not null)
        {
            Append(after.Index, command.Recorded);
        }
    }

    private void Append(long index, IReadOnlyList<PhysicalOperation> operations)
    {
        long size = 0;
        foreach (var operation in operations)
        {
            size += (operation.Key.Length * sizeof(char)) + (operation.Value?.Length ?? 0);
        }

        TaskCompletionSource appended;
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            _retained.Add(new CommittedEntry(index, now, operations, size));
            _retainedBytes += size;
            _lastIndex = index;
            _lastAppliedAt = now;

            // Drop the oldest entries until both bounds hold, but never the one just added.
            var dropped = 0;
            while (_retained.Count - dropped > 1
                && (_retained.Count - dropped > _options.MaxEntries || _retainedBytes > _options.MaxBytes))
            {
                var oldest = _retained[dropped++];
                _retainedBytes -= oldest.Size;
                _trimmedThrough = oldest.Index;
            }

            _retained.DropOldest(dropped);

            appended = _appended;
            _appended = NewSignal();
        }

        appended.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
