using System.Buffers;
using Coffer.Raft.Commands;
using Coffer.Raft.History;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Coffer.Raft.StateMachine;

/// <summary>
/// The replicated storage state machine. Applying an entry swaps in a new immutable <see cref="KeyValueState"/>;
/// snapshots serialize such a version on a background task, so they never stall the apply path (decision 6).
/// </summary>
/// <remarks>
/// The engine truncates its log up to <see cref="ISnapshotManager.Snapshot"/>. To keep <c>trailing_logs</c>
/// entries after a snapshot (so a slightly lagging follower catches up from the log, not with a snapshot), a
/// finished snapshot waits (<see cref="WaitingSnapshots"/>) until that many more entries have been applied, and only
/// then is published to the engine. Any complete snapshot file is a valid restart point.
/// </remarks>
internal sealed partial class KeyValueStateMachine : IStateMachine, IAsyncDisposable
{
    /// <summary>Sent with every replication message; bump it when the command format changes incompatibly.</summary>
    public const int ProtocolVersion = StorageCommand.FormatVersion;

    private readonly SnapshotStore _store;
    private readonly long _threshold;
    private readonly Lock _snapshotLock = new();
    private readonly WaitingSnapshots _waiting;
    private readonly CommitHistory? _history;
    private volatile KeyValueState _state = KeyValueState.Empty;
    private volatile SnapshotFile? _published;
    private long _lastSnapshotIndex;
    private Task<SnapshotFile?> _snapshotTask = Task.FromResult<SnapshotFile?>(null);

    public KeyValueStateMachine(string snapshotDirectory, long snapshotThreshold, long trailingLogs, CommitHistory? history = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(snapshotThreshold, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(trailingLogs);
        _store = new SnapshotStore(snapshotDirectory);
        _threshold = snapshotThreshold;
        _waiting = new WaitingSnapshots(trailingLogs);
        _history = history;
    }

    /// <summary>
    /// Raised (on the thread pool) when a snapshot restore was applied here, by its commit entry or inside a snapshot
    /// installed from the leader: whatever a node derived from the previous entries is stale.
    /// </summary>
    public event EventHandler? Restored;

    /// <summary>The latest applied version; readers take it once and read from it without locks.</summary>
    public KeyValueState Current => _state;

    /// <summary>Index of the snapshot the engine currently uses (its log starts after it); 0 when none.</summary>
    public long PublishedSnapshotIndex => _published?.Index ?? 0;

    /// <summary>Index of the newest snapshot written, published or not; 0 when none.</summary>
    public long LatestSnapshotIndex => Volatile.Read(ref _lastSnapshotIndex);

    int IStateMachine.Version => ProtocolVersion;

    ISnapshot? ISnapshotManager.Snapshot => _published;

    /// <summary>Loads the newest valid snapshot. Must run before the write-ahead log is constructed over this machine.</summary>
    public void Restore()
    {
        if (_store.LoadLatest() is not var (file, state))
        {
            _history?.Reset(_state);
            return;
        }

        _state = state;
        _published = file;
        Volatile.Write(ref _lastSnapshotIndex, file.Index);
        _history?.Reset(state);
    }

    ValueTask<long> IStateMachine.ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.IsSnapshot)
        {
            return InstallSnapshotAsync(entry, token);
        }

        var state = _state;
        if (entry.Index <= state.Index)
        {
            // Already reflected: replay of entries that a restored snapshot covers.
            return ValueTask.FromResult(state.Index);
        }

        // Configuration changes belong to the engine, and a new leader's no-op has no payload.
        KeyValueState next;
        SelectedCommand? selected = null;
        if (entry.IsConfiguration || !entry.TryGetPayload(out var payload) || payload.IsEmpty)
        {
            next = state.At(entry.Index, entry.Term);
        }
        else
        {
            // This node's own entry comes with the command it encodes; any other is decoded.
            var command = AppendedCommand.For(entry.Context, entry.Term, payload.Length) ?? Decode(payload);
            selected = _history?.Select(command);
            next = state.Apply(command, entry.Index, entry.Term, selected?.ChangesRecordedKeys ?? false);
        }

        _state = next;

        // After the state: a reader that sees an entry in the history finds its data in storage too.
        if (selected is { } applied)
        {
            _history!.OnApplied(state, next, applied);
        }

        PublishWaitingIfDue(next.Index);
        RaiseIfRestored(state, next);
        return ValueTask.FromResult(entry.Index);
    }

    /// <summary>
    /// An entry spread over several log pages is gathered into a pooled buffer (decoding copies what it keeps): a
    /// fresh array per large entry would be a large-object allocation, and those drive full collections.
    /// </summary>
    private static StorageCommand Decode(in ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return StorageCommand.Decode(payload.FirstSpan);
        }

        var length = checked((int)payload.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(buffer);
            return StorageCommand.Decode(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    ValueTask ISnapshotManager.ReclaimGarbageAsync(long watermark, CancellationToken token)
    {
        lock (_snapshotLock)
        {
            _store.DeleteOlderThan(watermark, keep: _waiting.Holds);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask<long> InstallSnapshotAsync(LogEntry entry, CancellationToken token)
    {
        // A local snapshot still being written must not be published over the leader's newer one.
        await ((Task)_snapshotTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var (file, state) = await _store.ReceiveAsync(entry, entry.Index, token).ConfigureAwait(false);
        var previous = _state;
        lock (_snapshotLock)
        {
            _state = state;
            _published = file;
            // A local snapshot at the same position has the same file name: the received file replaced it, keep it.
            DeleteAll(_waiting.Clear().Where(waiting => waiting.Path != file.Path).ToList());
            Volatile.Write(ref _lastSnapshotIndex, file.Index);
        }

        _history?.Reset(state);
        RaiseIfRestored(previous, state);
        return file.Index;
    }

    private void RaiseIfRestored(KeyValueState before, KeyValueState after)
    {
        if (before.RestoreGeneration != after.RestoreGeneration && Restored is { } handler)
        {
            _ = Task.Run(() => handler(this, EventArgs.Empty));
        }
    }

    private void PublishWaitingIfDue(long appliedIndex)
    {
        if (!_waiting.AnyDue(appliedIndex))
        {
            return;
        }

        lock (_snapshotLock)
        {
            if (_waiting.TakeDue(appliedIndex) is var (due, superseded))
            {
                _published = due;
                DeleteAll(superseded);
            }
        }
    }

    /// <summary>Deletes snapshots that were never given to the engine (nothing reads them).</summary>
    private static void DeleteAll(IReadOnlyList<SnapshotFile> unpublished)
    {
        foreach (var file in unpublished)
        {
            File.Delete(file.Path);
        }
    }
}
