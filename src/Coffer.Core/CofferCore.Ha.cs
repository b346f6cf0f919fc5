using System.Text.Json;
using Coffer.Core.Barrier;
using Coffer.Core.Ha;
using Coffer.Core.Json;
using Coffer.Core.Storage;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core;

/// <summary>
/// High availability over integrated storage: the Raft leader, once unsealed, becomes the active node and serves
/// requests; every other unsealed node is a standby that the server forwards requests from. Without integrated
/// storage the node is active whenever it is unsealed.
/// </summary>
public sealed partial class CofferCore
{
    private static readonly TimeSpan ReconcileRetryDelay = TimeSpan.FromMilliseconds(500);
    private volatile bool _haActive;

    // The Raft term in which this node became active: leadership in a later term is a new leadership (another node
    // may have been active in between), so the node takes over again, reloading everything.
    private long _activeTerm = -1;

    /// <summary>Integrated storage when the server runs on Raft; null otherwise.</summary>
    public IIntegratedStorage? IntegratedStorage { get; }

    /// <summary>Unsealed and serving requests itself: the leader that finished becoming active, or any unsealed non-HA node.</summary>
    public bool IsActive => !IsSealed && (IntegratedStorage is not { } raft || (_haActive && raft.IsLeader && raft.Term == Interlocked.Read(ref _activeTerm)));

    /// <summary>Unsealed but not active: requests belong to the active node.</summary>
    public bool IsStandby => !IsSealed && !IsActive;

    /// <summary>On a standby: where the active node said it can be reached; null when nothing is advertised.</summary>
    public async Task<ActiveNodeAdvertisement?> ReadActiveNodeAsync(CancellationToken cancellationToken)
    {
        if (IntegratedStorage is null || IsSealed)
        {
            return null;
        }

        return await Storage.GetJsonAsync(CorePaths.ActiveNode, CoreJsonContext.Default.ActiveNodeAdvertisement, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// On a standby: this node's heartbeat for the active node, sealed with the barrier keyring so that only a node
    /// holding the cluster's keys can report health.
    /// </summary>
    public string SealHeartbeat()
    {
        var raft = RequireIntegratedStorage();
        var heartbeat = new FollowerHeartbeat(raft.NodeId, raft.AppliedIndex, raft.Term, Options.Version, Time.GetUtcNow());
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(heartbeat, CoreJsonContext.Default.FollowerHeartbeat);
        return Convert.ToBase64String(Barrier.Encrypt(ClusterPurposes.Heartbeat(raft.NodeId), plaintext));
    }

    /// <summary>On the active node: opens a standby's heartbeat and records it; forged ones are refused.</summary>
    public bool AcceptHeartbeat(string nodeId, string sealedHeartbeat)
    {
        var raft = RequireIntegratedStorage();
        if (!IsActive)
        {
            throw IsSealed ? CofferException.SealedError() : new CofferException(ErrorKind.Unavailable, "this node is not the active node; retry");
        }

        FollowerHeartbeat? heartbeat;
        try
        {
            var plaintext = Barrier.Decrypt(ClusterPurposes.Heartbeat(nodeId), Convert.FromBase64String(sealedHeartbeat));
            heartbeat = JsonSerializer.Deserialize(plaintext, CoreJsonContext.Default.FollowerHeartbeat);
        }
        catch (Exception e) when (e is FormatException or BarrierDecryptionException or JsonException)
        {
            throw CofferException.PermissionDenied();
        }

        if (heartbeat is null || !string.Equals(heartbeat.NodeId, nodeId, StringComparison.Ordinal))
        {
            throw CofferException.PermissionDenied();
        }

        return raft.RecordHeartbeat(heartbeat);
    }

    internal IIntegratedStorage RequireIntegratedStorage() => IntegratedStorage
        ?? throw CofferException.BadRequest($"integrated storage (raft) is not in use: this server's storage type is \"{StorageType}\"");

    private void OnLeadershipChanged(object? sender, EventArgs e) => _ = Task.Run(ReconcileHaAsync);

    /// <summary>Brings active/standby in line with leadership, retrying while this node leads but could not take over.</summary>
    private async Task ReconcileHaAsync()
    {
        while (true)
        {
            await _stateLock.WaitAsync().ConfigureAwait(false);
            bool settled;
            try
            {
                settled = await TryReconcileHaLockedAsync(CancellationToken.None).ConfigureAwait(false);
            }
            finally
            {
                _stateLock.Release();
            }

            if (settled)
            {
                return;
            }

            await Task.Delay(ReconcileRetryDelay, Time).ConfigureAwait(false);
        }
    }

    /// <summary>Under the state lock. False when this node should become active but could not (yet).</summary>
    private async Task<bool> TryReconcileHaLockedAsync(CancellationToken cancellationToken)
    {
        if (IntegratedStorage is not { } raft)
        {
            return true;
        }

        if (IsSealed || !raft.IsLeader)
        {
            if (_haActive)
            {
                await StepDownAsync().ConfigureAwait(false);
            }

            return true;
        }

        if (_haActive)
        {
            if (raft.Term == Interlocked.Read(ref _activeTerm))
            {
                return true;
            }

            await StepDownAsync().ConfigureAwait(false);
        }

        try
        {
            await BecomeActiveAsync(raft, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.BecomeActiveFailed(_logger, e);
            return false;
        }
    }

    /// <summary>
    /// Takes over as the active node. Anything cached while this node was a standby may be stale (the previous
    /// active node changed storage underneath), so keys, caches and mounts are reloaded before serving, and the
    /// node then advertises itself.
    /// </summary>
    private async Task BecomeActiveAsync(IIntegratedStorage raft, CancellationToken cancellationToken)
    {
        var term = raft.Term;

        // The mode may have changed through the previous active node moments ago: read it, not the watcher's copy.
        await Replication.RefreshModeAsync(cancellationToken).ConfigureAwait(false);
        await Barrier.ReloadKeyringAsync(cancellationToken).ConfigureAwait(false);
        Policies.InvalidateCaches();
        Tokens.InvalidateCaches();
        _backends = new Dictionary<string, Sdk.Logical.ILogicalBackend>(StringComparer.Ordinal);
        _mounts = new([]);
        _clusterInfo = await Storage.GetJsonAsync(CorePaths.ClusterInfo, CoreJsonContext.Default.ClusterInfo, cancellationToken).ConfigureAwait(false);
        await AdoptCarriedRaftIssuerAsync(cancellationToken).ConfigureAwait(false);
        var drSecondary = Replication.IsSecondary;
        if (drSecondary)
        {
            // A DR secondary reads and never writes its replicated data: no salt creation, no audit devices.
            await Tokens.ReloadAsync(cancellationToken).ConfigureAwait(false);
            await LoadMountsAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await Tokens.LoadAsync(cancellationToken).ConfigureAwait(false);
            await LoadMountsAsync(cancellationToken).ConfigureAwait(false);
            await Audit.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        raft.AutopilotSettings = await LoadAutopilotSettingsAsync(cancellationToken).ConfigureAwait(false);

        var now = Time.GetUtcNow();
        var advertisement = new ActiveNodeAdvertisement(raft.NodeId, Options.ApiAddress, raft.ClusterAddress, term, now);
        await Storage.PutJsonAsync(CorePaths.ActiveNode, advertisement, CoreJsonContext.Default.ActiveNodeAdvertisement, cancellationToken).ConfigureAwait(false);
        if (!raft.IsLeader || raft.Term != term)
        {
            throw new CofferException(ErrorKind.Unavailable, "leadership changed while this node was becoming active");
        }

        // After this term's first commit every earlier one is applied here; before the first write is served.
        await Replication.OnBecomingActiveAsync(cancellationToken).ConfigureAwait(false);
        ActiveSince = now;
        Interlocked.Exchange(ref _activeTerm, term);
        _haActive = true;
        if (!Replication.IsSecondary)
        {
            Expiration.Start();
        }

        Log.BecameActive(_logger, raft.NodeId, term);
    }

    private async Task StepDownAsync()
    {
        _haActive = false;
        ActiveSince = null;
        Expiration.Stop();
        await Replication.OnSteppedDownAsync().ConfigureAwait(false);
        Log.SteppedDown(_logger);
    }
}
