using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Replication;
using Coffer.Core.Storage;
using Coffer.Sdk.Logical;
using Microsoft.Extensions.Logging;

namespace Coffer.Core;

/// <summary>
/// What Core does for DR replication: on a secondary it is read-only (no expiration sweeps, no audit devices, no
/// writes) and refreshes its in-memory state whenever the replicator changes storage underneath it.
/// </summary>
public sealed partial class CofferCore
{
    /// <summary>
    /// Integrated storage: the replication set whose DR secondary this node already was when it was last unsealed
    /// (its keys are that set's keys), or null. Read and written under the state lock.
    /// </summary>
    private string? _unsealedAsSecondaryOf;

    /// <summary>Seals for activation as a secondary: every in-memory trace of the cluster's own data goes.</summary>
    internal async Task SealForDrSecondaryAsync(CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SealForDrSecondaryLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>
    /// Another node made this cluster a DR secondary of <paramref name="replicationSetId"/>. A node unsealed before
    /// that holds the replaced keyring, so it seals; a node unsealed since (one that joined the secondary, say) was
    /// unsealed with the primary's keys and stays as it is.
    /// </summary>
    internal async Task SealReplacedKeyringAsync(string replicationSetId, CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsSealed && _unsealedAsSecondaryOf != replicationSetId)
            {
                await SealForDrSecondaryLockedAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>
    /// On a DR secondary, seals this node if its root key no longer opens the stored keyring. An unseal that read the
    /// old keyring just before another node's activation was applied here ends holding keys the cluster no longer
    /// uses; the activation's wipe and the primary's first copy both change the stored keyring, and the check after
    /// each change seals such a node, to be unsealed with the primary's keys like the rest of the cluster.
    /// </summary>
    internal async Task SealIfKeyringReplacedAsync(CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!HoldsKeyring || !Replication.IsSecondary || await Barrier.StoredKeyringOpensAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            DrLog.SealedForReplacedKeyring(_logger);
            await SealForDrSecondaryLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    private async Task SealForDrSecondaryLockedAsync()
    {
        await SealLockedAsync().ConfigureAwait(false);
        _unsealShares.Reset();
        _unsealedAsSecondaryOf = null;
        _clusterInfo = null;
        Tokens.InvalidateCaches();
        Policies.InvalidateCaches();
        ForgetSealConfig();
    }

    /// <summary>The stored seal configuration changed (replaced by the primary's): read it again when next needed.</summary>
    internal void ForgetSealConfig() => _sealConfig = null;

    /// <summary>A demoted primary stops what writes by itself: expiration sweeps and audit devices.</summary>
    internal async Task EnterDrSecondaryAsync(CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Expiration.Stop();
            Audit.Unload();
            Tokens.InvalidateCaches();
            Policies.InvalidateCaches();
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>
    /// A secondary that stops replicating serves its data on its own: if unsealed, everything read while it was a
    /// secondary is rebuilt from storage and the parts a secondary skips (expiration, audit) start.
    /// </summary>
    internal async Task LeaveDrSecondaryAsync(CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ForgetSealConfig();
            if (IsSealed)
            {
                return;
            }

            if (!await Barrier.AdoptStoredKeyringAsync(cancellationToken).ConfigureAwait(false))
            {
                await SealLockedAsync().ConfigureAwait(false);
                return;
            }

            // Fresh backend instances (none may keep state read while the data changed underneath), swapped in by the
            // mount reload while the current ones keep serving.
            Volatile.Write(ref _discardRunningBackends, true);
            _storageViews.Clear();
            await PostUnsealAsync(cancellationToken).ConfigureAwait(false);
            if (IntegratedStorage is not null && IsActive)
            {
                // Already active as a secondary: what a primary's active node runs starts now.
                Expiration.Start();
            }
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>After unsealing a DR secondary: read what later requests need, write nothing, start nothing.</summary>
    private async Task PostUnsealDrSecondaryAsync(CancellationToken cancellationToken)
    {
        _clusterInfo = await Storage.GetJsonAsync(CorePaths.ClusterInfo, CoreJsonContext.Default.ClusterInfo, cancellationToken).ConfigureAwait(false);
        await Tokens.ReloadAsync(cancellationToken).ConfigureAwait(false);
        Policies.InvalidateCaches();
        await LoadMountsAsync(cancellationToken).ConfigureAwait(false);
        _serving = true;
        Log.Unsealed(_logger);
        if (IntegratedStorage is null)
        {
            ActiveSince = Time.GetUtcNow();
        }
        else if (!await TryReconcileHaLockedAsync(cancellationToken).ConfigureAwait(false))
        {
            // The leader of a DR secondary serves once unsealed; a standby forwards to it.
            _ = Task.Run(ReconcileHaAsync);
        }
    }

    /// <summary>
    /// The replicator committed entries at <paramref name="keys"/> (physical keys) below Core. Caches go, and what
    /// Core holds in memory from those keys is read again, so requests now (and after a promotion) see them.
    /// </summary>
    internal async Task OnReplicatedChangesAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        try
        {
            var touched = keys as ISet<string> ?? new HashSet<string>(keys, StringComparer.Ordinal);
            if (touched.Contains(CorePaths.SealConfig))
            {
                ForgetSealConfig();
            }

            Tokens.InvalidateCaches();
            Policies.InvalidateCaches();

            // A node still unsealing may already have read what changed: the refresh waits for it under the state lock.
            if (!HoldsKeyring || !Replication.IsSecondary)
            {
                return;
            }

            await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await RefreshFromReplicatedAsync(touched, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _stateLock.Release();
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The replicator must keep applying whatever happens here; the next batch or unseal reads again.
            DrLog.RefreshFailed(_logger, e);
        }
    }

    private async Task RefreshFromReplicatedAsync(ISet<string> touched, CancellationToken cancellationToken)
    {
        if (IsSealed)
        {
            return;
        }

        if (touched.Contains(AesGcmBarrier.KeyringPath) && !await Barrier.AdoptStoredKeyringAsync(cancellationToken).ConfigureAwait(false))
        {
            DrLog.KeyringUnreadable(_logger);
            await SealLockedAsync().ConfigureAwait(false);
            return;
        }

        if (touched.Contains(CorePaths.TokenStore + "salt"))
        {
            await Tokens.ReloadAsync(cancellationToken).ConfigureAwait(false);
        }

        if (touched.Contains(CorePaths.ClusterInfo))
        {
            _clusterInfo = await Storage.GetJsonAsync(CorePaths.ClusterInfo, CoreJsonContext.Default.ClusterInfo, cancellationToken).ConfigureAwait(false);
        }

        if (touched.Contains(CorePaths.Mounts))
        {
            await LoadMountsAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
