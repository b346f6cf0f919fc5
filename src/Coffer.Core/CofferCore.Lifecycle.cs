using System.Text.Json;
using Coffer.Core.Barrier;
using Coffer.Core.Ha;
using Coffer.Core.Json;
using Coffer.Core.Routing;
using Coffer.Core.Seal;
using Coffer.Core.Storage;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging;

namespace Coffer.Core;

/// <summary>Initialisation, unsealing and sealing.</summary>
public sealed partial class CofferCore
{
    /// <summary>Post-unseal finished and no seal has started since: see <see cref="IsSealed"/>.</summary>
    private volatile bool _serving;

    /// <summary>
    /// Initialises storage: a new root key split into shares, a keyring, the default policy, the built-in
    /// mounts and a root token. The server stays sealed afterwards, as Vault's Shamir seal does.
    /// </summary>
    public async Task<InitResult> InitializeAsync(SealConfig config, string? rootTokenId, CancellationToken cancellationToken)
    {
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new CofferException(ErrorKind.InvalidRequest, errors);
        }

        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await IsInitializedAsync(cancellationToken).ConfigureAwait(false))
            {
                throw CofferException.BadRequest("Vault is already initialized");
            }

            // With integrated storage, initialising forms a one-node cluster first: the keyring is written to it.
            var raftIssuer = IntegratedStorage is { } raft ? await raft.BootstrapAsync(cancellationToken).ConfigureAwait(false) : null;
            var rootKey = AesGcmBarrier.GenerateKey();
            var shares = config.SecretShares == 1
                ? [rootKey.ToArray()]
                : Shamir.Split(rootKey, config.SecretShares, config.SecretThreshold);

            await Barrier.InitializeAsync(rootKey, cancellationToken).ConfigureAwait(false);
            await _physical.PutAsync(new PhysicalEntry(CorePaths.SealConfig, JsonSerializer.SerializeToUtf8Bytes(config, CoreJsonContext.Default.SealConfig)), cancellationToken).ConfigureAwait(false);
            _sealConfig = config;

            await Barrier.UnsealAsync(rootKey, cancellationToken).ConfigureAwait(false);
            try
            {
                var clusterName = string.IsNullOrEmpty(Options.ClusterName) ? "vault-cluster-" + Guid.NewGuid().ToString("N")[..8] : Options.ClusterName;
                await Storage.PutJsonAsync(CorePaths.ClusterInfo, new ClusterInfo(clusterName, Guid.NewGuid().ToString()), CoreJsonContext.Default.ClusterInfo, cancellationToken).ConfigureAwait(false);
                await Tokens.LoadAsync(cancellationToken).ConfigureAwait(false);
                await Policies.EnsureDefaultPolicyAsync(cancellationToken).ConfigureAwait(false);
                await SaveMountsAsync(BuiltinMounts.Create(Time), cancellationToken).ConfigureAwait(false);
                var root = await Tokens.CreateRootTokenAsync(rootTokenId, cancellationToken).ConfigureAwait(false);
                if (raftIssuer is not null)
                {
                    await Storage.PutAsync(new StorageEntry(CorePaths.RaftTlsIssuer, raftIssuer), cancellationToken).ConfigureAwait(false);
                    IntegratedStorage!.BootstrapCompleted();
                }

                Log.Initialized(_logger, config.SecretShares, config.SecretThreshold);
                return new InitResult(shares, root.Id);
            }
            finally
            {
                Barrier.Seal();
                Array.Clear(rootKey);
                if (IntegratedStorage is { } integrated)
                {
                    // The node stays sealed after init, and a sealed node does not lead.
                    await HoldBackAsync(integrated).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>
    /// Takes one key share. When the threshold is reached the root key is rebuilt and the barrier unsealed;
    /// wrong shares then fail with "unseal failed, invalid key" and the progress starts over.
    /// </summary>
    public async Task<SealStatus> SubmitUnsealKeyAsync(string key, CancellationToken cancellationToken)
    {
        var share = UnsealKeyEncoding.Decode(key);
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!await IsInitializedAsync(cancellationToken).ConfigureAwait(false))
            {
                throw CofferException.BadRequest("Vault is not initialized");
            }

            if (!IsSealed)
            {
                return await GetSealStatusAsync(cancellationToken).ConfigureAwait(false);
            }

            var config = await GetSealConfigAsync(cancellationToken).ConfigureAwait(false)
                ?? throw CofferException.BadRequest("this DR secondary has not received its primary's keyring and seal configuration yet: wait for the first copy to complete (sys/replication/dr/status)");
            _unsealShares.Add(share);
            if (_unsealShares.Count < config.SecretThreshold)
            {
                return await GetSealStatusAsync(cancellationToken).ConfigureAwait(false);
            }

            var rootKey = CombineShares(config, _unsealShares.Shares);
            _unsealShares.Reset();
            try
            {
                await Barrier.UnsealAsync(rootKey, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Array.Clear(rootKey);
            }

            try
            {
                if (IntegratedStorage is { } raft)
                {
                    if (raft.IsJoining)
                    {
                        await raft.CompleteJoinAsync((purpose, blob) => Barrier.Decrypt(purpose, blob), cancellationToken).ConfigureAwait(false);
                    }

                    await raft.SetUnsealedAsync(true, cancellationToken).ConfigureAwait(false);

                    // The mode as this node now finds it (a joining node has only just received the cluster's data).
                    await Replication.RefreshModeAsync(cancellationToken).ConfigureAwait(false);
                    _unsealedAsSecondaryOf = Replication.IsSecondary ? Replication.ReplicationSetId : null;
                }

                await PostUnsealAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The join or storage failed part-way (integrated storage without a leader, say): no half-unsealed state.
                await SealLockedAsync().ConfigureAwait(false);
                throw;
            }
            return await GetSealStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    /// <summary>Discards the shares submitted so far.</summary>
    public async Task<SealStatus> ResetUnsealAsync(CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!IsSealed)
            {
                throw CofferException.BadRequest("vault is unsealed");
            }

            _unsealShares.Reset();
            return await GetSealStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    public async Task SealAsync(CancellationToken cancellationToken)
    {
        await _stateLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await SealLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            _stateLock.Release();
        }
    }

    private async Task SealLockedAsync()
    {
        _serving = false;
        Expiration.Stop();
        Audit.Unload();
        Barrier.Seal();
        _backends = new Dictionary<string, ILogicalBackend>(StringComparer.Ordinal);
        _mounts = new([]);
        ActiveSince = null;
        _haActive = false;
        RootGeneration.Cancel();
        await Replication.OnSealedAsync(CancellationToken.None).ConfigureAwait(false);
        Log.Sealed(_logger);
        if (IntegratedStorage is { } raft)
        {
            await HoldBackAsync(raft).ConfigureAwait(false);
        }
    }

    /// <summary>A sealed node hands leadership over; sealing itself must not fail because of it.</summary>
    private async Task HoldBackAsync(IIntegratedStorage raft)
    {
        try
        {
            await raft.SetUnsealedAsync(false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.HoldBackFailed(_logger, e);
        }
    }

    /// <summary>Rebuilds the root key from shares; invalid shares surface as "unseal failed, invalid key".</summary>
    internal static byte[] CombineShares(SealConfig config, IReadOnlyList<byte[]> shares)
    {
        if (config.SecretShares == 1)
        {
            return shares[0].ToArray();
        }

        try
        {
            return Shamir.Combine(shares);
        }
        catch (ArgumentException)
        {
            throw CofferException.BadRequest("unseal failed, invalid key");
        }
    }

    /// <summary>Checks a candidate root key against the stored keyring without changing any state.</summary>
    internal Task<bool> VerifyRootKeyAsync(byte[] rootKey, CancellationToken cancellationToken) =>
        Barrier.VerifyRootKeyAsync(rootKey, cancellationToken);

    private async Task PostUnsealAsync(CancellationToken cancellationToken)
    {
        if (Replication.IsSecondary)
        {
            await PostUnsealDrSecondaryAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        _clusterInfo = await Storage.GetJsonAsync(CorePaths.ClusterInfo, CoreJsonContext.Default.ClusterInfo, cancellationToken).ConfigureAwait(false);
        await Tokens.LoadAsync(cancellationToken).ConfigureAwait(false);
        await Policies.EnsureDefaultPolicyAsync(cancellationToken).ConfigureAwait(false);
        await LoadMountsAsync(cancellationToken).ConfigureAwait(false);
        await Audit.LoadAsync(cancellationToken).ConfigureAwait(false);
        await Replication.OnUnsealedAsync(cancellationToken).ConfigureAwait(false);
        _serving = true;
        Log.Unsealed(_logger);
        if (IntegratedStorage is null)
        {
            ActiveSince = Time.GetUtcNow();
            Expiration.Start();
        }
        else if (!await TryReconcileHaLockedAsync(cancellationToken).ConfigureAwait(false))
        {
            _ = Task.Run(ReconcileHaAsync);
        }
    }
}
