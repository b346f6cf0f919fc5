using System.Text.Json;
using Coffer.Core.Barrier;
using Coffer.Core.Ha;
using Coffer.Core.Storage;

namespace Coffer.Core.Replication;

/// <summary>
/// DR replication on integrated storage. The mode record is replicated through Raft, so every node of the cluster
/// shares it, but the engine runs on one node only: a primary's log and replication service on the active node
/// (started before it serves its first write), a secondary's replicator on the Raft leader, sealed or not (its
/// writes are below the barrier, and the cluster must keep replicating while its nodes wait for the primary's keys).
/// Every node watches the applied mode record, so that a mode changed through another node takes effect here too.
/// </summary>
public sealed partial class DrReplication
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(200);

    private readonly CancellationTokenSource _watchStop = new();
    private Task _watcher = Task.CompletedTask;
    private byte[]? _watchedRecord;
    private byte[]? _checkedKeyring;
    private bool _keyringChecked;

    private bool OnIntegratedStorage => _core.IntegratedStorage is not null;

    /// <summary>Starts following the cluster's mode record (integrated storage only); the first look is immediate.</summary>
    public void StartWatching()
    {
        if (_core.IntegratedStorage is not { } raft || _provider is null)
        {
            return;
        }

        _watcher = WatchAsync(raft, _watchStop.Token);
    }

    public async Task StopWatchingAsync()
    {
        await _watchStop.CancelAsync().ConfigureAwait(false);
        await _watcher.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>
    /// Called by Core on integrated storage when this node becomes the active node, after its first commit in the new
    /// term (so every earlier commit is applied here) and before it serves anything: a primary resumes its log, so
    /// no write goes unlogged, and serves its secondaries.
    /// </summary>
    internal async Task OnBecomingActiveAsync(CancellationToken cancellationToken)
    {
        if (_provider is null)
        {
            return;
        }

        await RefreshModeAsync(cancellationToken).ConfigureAwait(false);
        if (_state.Mode != DrMode.Primary)
        {
            return;
        }

        await _provider.StartRecordingAsync(newLog: false, cancellationToken).ConfigureAwait(false);
        await StartServingSecondariesAsync(_provider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Called by Core when this node stops being the active node: another node now writes and serves.</summary>
    internal async Task OnSteppedDownAsync()
    {
        if (_provider is null)
        {
            return;
        }

        if (_primary is not null)
        {
            await _provider.StopPrimaryAsync(CancellationToken.None).ConfigureAwait(false);
            _primary = null;
        }

        await _provider.StopRecordingAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private async Task StartServingSecondariesAsync(IReplicationProvider provider, CancellationToken cancellationToken)
    {
        try
        {
            _primary = await provider.StartPrimaryAsync(_state.PrimaryClusterAddress, ClusterIdOrNull(_state), cancellationToken).ConfigureAwait(false);
            _primaryError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unsealing or taking over must not fail because the replication port is busy (on Raft, the previous active
            // node may still hold a shared primary_cluster_addr port; the watcher retries): status shows why.
            _primaryError = e.Message;
            DrLog.PrimaryStartFailed(_logger, e);
        }
    }

    private async Task WatchAsync(IIntegratedStorage raft, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await TransitionAsync(() => FollowClusterAsync(raft, stop), stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                DrLog.WatchFailed(_logger, e);
            }

            await Task.Delay(WatchInterval, _core.Time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>Under the transition lock: adopts a mode changed elsewhere, then runs the engine where it belongs.</summary>
    private async Task<bool> FollowClusterAsync(IIntegratedStorage raft, CancellationToken cancellationToken)
    {
        var provider = _provider!;
        var record = raft.ReadApplied(CorePaths.DrState);
        if (!SameRecord(record, _watchedRecord))
        {
            _watchedRecord = record;
            var stored = record is null ? DrStateRecord.Disabled : Parse(record);
            await AdoptAsync(raft, stored, cancellationToken).ConfigureAwait(false);
        }

        await CheckHeldKeyringAsync(raft, cancellationToken).ConfigureAwait(false);

        // The secondary's replicator runs on the leader, whatever its seal state.
        var follows = _state is { Mode: DrMode.Secondary, Activation: not null };
        var running = provider.GetSecondaryStatus() is not null;
        if (follows && raft.IsLeader && !running)
        {
            await provider.StartSecondaryAsync(_state.Activation!, _core.OnReplicatedChangesAsync, cancellationToken).ConfigureAwait(false);
            DrLog.ReplicatorTakenOver(_logger);
        }
        else if (running && (!follows || !raft.IsLeader))
        {
            await provider.StopSecondaryAsync(cancellationToken).ConfigureAwait(false);
            DrLog.ReplicatorHandedOver(_logger, raft.IsLeader, follows);
        }

        // The primary's service runs on the active node only; a start refused earlier is retried here.
        if (_state.Mode == DrMode.Primary && _core.IsActive && _primary is null && provider.IsRecording)
        {
            await StartServingSecondariesAsync(provider, cancellationToken).ConfigureAwait(false);
        }
        else if (_primary is not null && !_core.IsActive)
        {
            await OnSteppedDownAsync().ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// A mode record this node did not write (another node changed the mode, or this node just started). A cluster
    /// that became a secondary has had its data wiped and its keyring replaced: a node unsealed before that holds the
    /// old keyring in memory, so it seals, to be unsealed with the primary's keys like the rest of the cluster.
    /// </summary>
    private async Task AdoptAsync(IIntegratedStorage raft, DrStateRecord stored, CancellationToken cancellationToken)
    {
        var previous = _state;
        await raft.SetLeadWhileSealedAsync(stored.Mode == DrMode.Secondary, cancellationToken).ConfigureAwait(false);
        if (stored == previous)
        {
            return;
        }

        _state = stored;
        var activated = previous.Mode != DrMode.Secondary && stored is { Mode: DrMode.Secondary, Demoted: false };
        // A node still unsealing holds the keyring too: SealReplacedKeyringAsync waits for the unseal to finish.
        if (activated && _core.HoldsKeyring)
        {
            await _core.SealReplacedKeyringAsync(stored.ClusterId, cancellationToken).ConfigureAwait(false);
            if (_core.IsSealed)
            {
                DrLog.SealedForActivation(_logger);
            }
        }
    }

    /// <summary>
    /// On a secondary, each change of the stored keyring (the activation's wipe, the primary's first copy) is checked
    /// against the root key this node holds: the unseal and the activation can race on a standby (see
    /// <see cref="CofferCore.SealIfKeyringReplacedAsync"/>). The check reads storage afresh under Core's state lock,
    /// so a keyring seen here before an unseal finished is still compared with what that unseal used.
    /// </summary>
    private async Task CheckHeldKeyringAsync(IIntegratedStorage raft, CancellationToken cancellationToken)
    {
        if (_state.Mode != DrMode.Secondary)
        {
            _keyringChecked = false;
            return;
        }

        var keyring = raft.ReadApplied(AesGcmBarrier.KeyringPath);
        if (_keyringChecked && SameRecord(keyring, _checkedKeyring))
        {
            return;
        }

        await _core.SealIfKeyringReplacedAsync(cancellationToken).ConfigureAwait(false);
        (_checkedKeyring, _keyringChecked) = (keyring, true);
    }

    private static DrStateRecord Parse(byte[] record)
    {
        var parsed = JsonSerializer.Deserialize(record, DrJsonContext.Default.DrStateRecord)
            ?? throw new InvalidDataException("The stored DR replication state is empty.");
        return parsed.Version == DrStateRecord.CurrentVersion
            ? parsed
            : throw new InvalidDataException($"Unsupported DR replication state version {parsed.Version}.");
    }

    private static bool SameRecord(byte[]? left, byte[]? right) =>
        left is null ? right is null : right is not null && left.AsSpan().SequenceEqual(right);
}
