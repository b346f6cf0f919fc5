namespace Coffer.Raft.StateMachine;

/// <summary>Taking snapshots in the background, and the periodic threshold check that starts them.</summary>
internal sealed partial class KeyValueStateMachine
{
    private CancellationTokenSource? _timerStop;
    private Task _timerLoop = Task.CompletedTask;

    /// <summary>Checks every <paramref name="interval"/> whether <c>snapshot_threshold</c> entries were applied since the last snapshot.</summary>
    public void StartSnapshotTimer(TimeSpan interval)
    {
        _timerStop = new CancellationTokenSource();
        _timerLoop = RunTimerAsync(interval, _timerStop.Token);
    }

    /// <summary>
    /// Starts a snapshot of the current version unless one is running or, without <paramref name="force"/>, fewer
    /// than <c>snapshot_threshold</c> entries were applied since the last one. Returns the running or new task.
    /// </summary>
    public Task<SnapshotFile?> RequestSnapshot(bool force)
    {
        lock (_snapshotLock)
        {
            if (!_snapshotTask.IsCompleted)
            {
                return _snapshotTask;
            }

            var state = _state;
            var last = Volatile.Read(ref _lastSnapshotIndex);
            if (state.Index <= last || (!force && state.Index - last < _threshold))
            {
                return Task.FromResult<SnapshotFile?>(null);
            }

            _snapshotTask = Task.Run(() => WriteSnapshot(state));
            return _snapshotTask;
        }
    }

    private SnapshotFile? WriteSnapshot(KeyValueState state)
    {
        var file = _store.Write(state);
        lock (_snapshotLock)
        {
            if (file.Index <= Volatile.Read(ref _lastSnapshotIndex))
            {
                // A snapshot from the leader overtook this one while it was being written.
                if (file.Path != _published?.Path)
                {
                    File.Delete(file.Path);
                }

                return null;
            }

            DeleteAll(_waiting.Add(file));
            Volatile.Write(ref _lastSnapshotIndex, file.Index);
        }

        PublishWaitingIfDue(_state.Index);
        return file;
    }

    private async Task RunTimerAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                try
                {
                    await RequestSnapshot(force: false).ConfigureAwait(false);
                }
                catch (IOException)
                {
                    // A failed snapshot (disk full...) leaves the log untruncated; the next tick tries again.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopped.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_timerStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await _timerLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            stop.Dispose();
        }

        await ((Task)_snapshotTask).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }
}
