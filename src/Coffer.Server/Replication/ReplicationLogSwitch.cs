using Coffer.Replication;
using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;

namespace Coffer.Server.Replication;

/// <summary>
/// The physical backend below Core: writes go to the configured backend directly, or, while this cluster is a DR
/// primary, through a <see cref="ReplicatingBackend"/> that logs each commit for the secondaries. Logging costs a
/// log entry per commit (commits that queue behind one in flight are grouped into the next), so a cluster that is
/// not a primary does not pay for it; a primary can still be enabled at runtime, without a restart.
/// </summary>
/// <remarks>
/// Commits that bypassed the log leave a gap in its history, so a log that starts recording after one is a new log
/// (new id): any position a secondary holds in the old one then asks for a re-index, which copies the data as it is.
/// Only a cluster that was a primary when it stopped resumes its existing log, since nothing writes while it is
/// down or sealed.
/// </remarks>
internal sealed class ReplicationLogSwitch(IPhysicalBackend raw, TimeProvider time, ReplicationLogOptions? logOptions = null) : IPhysicalBackend, IReplicationRecorder
{
    private const int DeleteBatch = 1024;

    private readonly SemaphoreSlim _switchGate = new(1, 1);
    private volatile ReplicatingBackend? _recording;

    // Starting to record waits for every write in flight (by either path); writes that arrive meanwhile wait for it.
    private int _inFlight;
    private TaskCompletionSource? _switching;

    public IPhysicalBackend Raw { get; } = raw;

    /// <summary>The logging backend while recording (what a primary's replicator serves from), else null.</summary>
    public ReplicatingBackend? Recording => _recording;

    public IPhysicalBackend Storage => this;

    IReplicationHistory? IReplicationRecorder.Recording => _recording?.Log;

    public string Name => Raw.Name;

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => Raw.GetAsync(key, cancellationToken);

    public Task<PhysicalEntry?> GetForReadingAsync(string key, CancellationToken cancellationToken = default) => Raw.GetForReadingAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => Raw.ListAsync(prefix, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) =>
        RouteAsync(backend => backend.PutAsync(entry, cancellationToken), cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        RouteAsync(backend => backend.DeleteAsync(key, cancellationToken), cancellationToken);

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default) =>
        RouteAsync(backend => backend.CommitAsync(operations, cancellationToken), cancellationToken);

    /// <summary>
    /// Starts logging every commit. With <paramref name="newLog"/> (a new primary) the stored log is discarded first,
    /// so its history has no gap; without it (a primary restarting) the stored log is resumed.
    /// </summary>
    public async Task StartRecordingAsync(bool newLog, CancellationToken cancellationToken)
    {
        await _switchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_recording is not null && !newLog)
            {
                return;
            }

            var switching = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

            // A full fence: a write either sees the switch or is counted before we look at the count.
            Interlocked.Exchange(ref _switching, switching);
            try
            {
                while (Volatile.Read(ref _inFlight) > 0)
                {
                    await Task.Delay(1, cancellationToken).ConfigureAwait(false);
                }

                if (newLog)
                {
                    await DeleteLogAsync(cancellationToken).ConfigureAwait(false);
                }

                _recording = await ReplicatingBackend.OpenAsync(Raw, logOptions, time, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Exchange(ref _switching, null);
                switching.TrySetResult();
            }
        }
        finally
        {
            _switchGate.Release();
        }
    }

    /// <summary>Stops logging: writes in flight through the log finish there, later ones go direct.</summary>
    public async Task StopRecordingAsync(CancellationToken cancellationToken)
    {
        await _switchGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _recording = null;
        }
        finally
        {
            _switchGate.Release();
        }
    }

    private async Task RouteAsync(Func<IPhysicalBackend, Task> write, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (Volatile.Read(ref _switching) is { } pending)
            {
                await pending.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            Interlocked.Increment(ref _inFlight);
            try
            {
                if (Volatile.Read(ref _switching) is not null)
                {
                    continue;
                }

                await write(_recording ?? Raw).ConfigureAwait(false);
                return;
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }
    }

    /// <summary>The log's meta record first: from then on the old log is gone, even if deleting its entries stops.</summary>
    private async Task DeleteLogAsync(CancellationToken cancellationToken)
    {
        await Raw.DeleteAsync(ReplicationKeys.LogMeta, cancellationToken).ConfigureAwait(false);
        var batch = new List<PhysicalOperation>(DeleteBatch);
        foreach (var child in await Raw.ListAsync(ReplicationKeys.LogEntryPrefix, cancellationToken).ConfigureAwait(false))
        {
            batch.Add(PhysicalOperation.Delete(ReplicationKeys.LogEntryPrefix + child));
            if (batch.Count == DeleteBatch)
            {
                await Raw.CommitAsync(batch, cancellationToken).ConfigureAwait(false);
                batch = new List<PhysicalOperation>(DeleteBatch);
            }
        }

        if (batch.Count > 0)
        {
            await Raw.CommitAsync(batch, cancellationToken).ConfigureAwait(false);
        }
    }
}
