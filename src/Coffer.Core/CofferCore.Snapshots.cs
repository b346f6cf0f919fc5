using Coffer.Core.Barrier;
using Coffer.Core.Ha;
using Coffer.Core.Snapshots;
using Coffer.Core.Storage;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core;

/// <summary>
/// Snapshots of integrated storage (<c>sys/storage/raft/snapshot</c>). Saving streams every physical entry from one
/// immutable version of the state, with a digest sealed by the barrier keyring. Restoring verifies the file, refuses a
/// snapshot sealed by other keys unless forced, and replaces the replicated entries in one step, keeping this
/// cluster's own <c>replication/</c> records. Afterwards every node reloads as if it had just been unsealed; a node
/// whose keys do not open the restored keyring (a forced restore from another cluster) seals itself, to be unsealed
/// with the keys of the cluster the snapshot came from.
/// </summary>
public sealed partial class CofferCore
{
    /// <summary>Entries every initialised cluster has: a snapshot without them cannot be unsealed.</summary>
    private static readonly string[] RequiredSnapshotKeys = [CorePaths.SealConfig, AesGcmBarrier.KeyringPath];

    private long _reloadedRestoreGeneration;

    /// <summary>The <c>GET sys/storage/raft/snapshot</c> response: a gzip body written as it is sent.</summary>
    internal async Task<LogicalResponse> SaveSnapshotAsync(CancellationToken cancellationToken)
    {
        var raft = RequireIntegratedStorage();
        var version = await raft.CaptureStateAsync(cancellationToken).ConfigureAwait(false);
        var created = Time.GetUtcNow();
        return new LogicalResponse
        {
            Raw = new RawResponse(200, "application/gzip", ReadOnlyMemory<byte>.Empty)
            {
                WriteBodyAsync = (output, ct) => SnapshotArchive.WriteAsync(output, version, created, SealSnapshotDigest, ct),
            },
        };
    }

    /// <summary><c>POST sys/storage/raft/snapshot</c> and <c>snapshot-force</c>.</summary>
    internal async Task<LogicalResponse?> RestoreSnapshotAsync(Stream? snapshot, bool force, CancellationToken cancellationToken)
    {
        var raft = RequireIntegratedStorage();
        if (snapshot is null || !snapshot.CanSeek || snapshot.Length == 0)
        {
            throw CofferException.BadRequest("the request body must be a snapshot file (as written by a snapshot save)");
        }

        SnapshotVerification verification;
        try
        {
            verification = await SnapshotArchive.VerifyAsync(snapshot, OpenSnapshotDigest, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            throw CofferException.BadRequest("failed to read snapshot file: " + e.Message);
        }

        if (!verification.KeysMatch && !force)
        {
            throw CofferException.BadRequest(
                "the snapshot's checksum could not be opened with this cluster's keys: it was taken on a cluster with other unseal keys, or "
                + "altered; use the snapshot-force API (operator raft snapshot restore -force) to restore it anyway");
        }

        // Another cluster's snapshot brings its keyring, which cannot open this cluster's Raft certificate issuer (kept
        // across the restore with the rest of replication/): carry it across, as a DR activation does.
        if (!verification.KeysMatch)
        {
            await CarryRaftIssuerAcrossKeyringChangeAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            await raft.RestoreStateAsync(
                SnapshotArchive.ReadEntriesAsync(snapshot, CorePaths.ReplicationReserved, RequiredSnapshotKeys, cancellationToken),
                CorePaths.ReplicationReserved,
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            // A carried issuer stays: a failed restore may still have applied, and the next node to become active
            // seals the carried copy under whichever keyring it holds.
            throw CofferException.BadRequest("failed to read snapshot file: " + e.Message);
        }

        await ReloadAfterRestoreAsync(cancellationToken).ConfigureAwait(false);
        return IsSealed
            ? new LogicalResponse().AddWarning(
                "the snapshot was taken on a cluster with other unseal keys: every node of this cluster sealed itself; "
                + "unseal it with the unseal keys of the cluster the snapshot came from")
            : null;
    }

    private byte[] SealSnapshotDigest(byte[] digest) => Barrier.Encrypt(SnapshotArchive.ChecksumPurpose, digest);

    private byte[]? OpenSnapshotDigest(byte[] sealedDigest)
    {
        try
        {
            return Barrier.Decrypt(SnapshotArchive.ChecksumPurpose, sealedDigest);
        }
        catch (BarrierDecryptionException)
        {
            return null;
        }
    }

    private void OnStateRestored(object? sender, EventArgs e) => _ = Task.Run(ReloadAfterRestoreWithRetryAsync);

    private async Task ReloadAfterRestoreWithRetryAsync()
    {
        while (true)
        {
            try
            {
                await ReloadAfterRestoreAsync(CancellationToken.None).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Log.RestoreReloadFailed(_logger, e);
            }

            await Task.Delay(ReconcileRetryDelay, Time).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Once per restore applied here: forget everything read from storage, take the restored keyring (or seal when this
    /// node's root key does not open it), and, on the leader, become the active node again from the restored data.
    /// </summary>
    private async Task ReloadAfterRestoreAsync(CancellationToken cancellationToken)
    {
        if (IntegratedStorage is not { } raft)
        {
            return;
        }

        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var generation = raft.RestoreGeneration;
            if (generation <= Interlocked.Read(ref _reloadedRestoreGeneration))
            {
                return;
            }

            ForgetSealConfig();
            if (IsSealed)
            {
                // Unsealing reads everything afresh.
                Interlocked.Exchange(ref _reloadedRestoreGeneration, generation);
                return;
            }

            Log.SnapshotRestored(_logger, raft.AppliedIndex);
            if (!await Barrier.AdoptStoredKeyringAsync(cancellationToken).ConfigureAwait(false))
            {
                Log.RestoredKeysDiffer(_logger);
                await SealLockedAsync().ConfigureAwait(false);
                Interlocked.Exchange(ref _reloadedRestoreGeneration, generation);
                return;
            }

            if (_haActive)
            {
                await StepDownAsync().ConfigureAwait(false);
            }

            _backends = new Dictionary<string, ILogicalBackend>(StringComparer.Ordinal);
            _mounts = new([]);
            _storageViews.Clear();
            Policies.InvalidateCaches();
            Tokens.InvalidateCaches();
            Interlocked.Exchange(ref _reloadedRestoreGeneration, generation);
            if (!await TryReconcileHaLockedAsync(cancellationToken).ConfigureAwait(false))
            {
                _ = Task.Run(ReconcileHaAsync);
            }
        }
        finally
        {
            _stateLock.Release();
        }
    }
}
