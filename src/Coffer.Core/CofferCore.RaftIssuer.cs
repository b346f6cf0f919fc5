using Coffer.Core.Barrier;
using Coffer.Core.Storage;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;

namespace Coffer.Core;

/// <summary>
/// Integrated storage's certificate issuer (what admits new nodes) across a keyring replacement. The issuer is kept
/// under the barrier; when this cluster becomes a DR secondary, or force-restores another cluster's snapshot, its
/// keyring is replaced by one that cannot open it. So it is carried across below the barrier, cluster-local, and the
/// first node to become active with the new keyring seals it under that keyring and removes the carried copy. The
/// window matches the bootstrap node's (which keeps the issuer on disk until initialisation stores it) and the node's
/// own Raft key, which is on disk too.
/// </summary>
public sealed partial class CofferCore
{
    /// <summary>Before the keyring is replaced: copies the issuer, opened with the current keyring, below the barrier.</summary>
    internal async Task CarryRaftIssuerAcrossKeyringChangeAsync(CancellationToken cancellationToken)
    {
        if (IntegratedStorage is null || !HoldsKeyring)
        {
            return;
        }

        if (await Storage.GetAsync(CorePaths.RaftTlsIssuer, cancellationToken).ConfigureAwait(false) is { } issuer)
        {
            await _physical.PutAsync(new PhysicalEntry(CorePaths.RaftTlsIssuerCarried, issuer.Value), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>On becoming active: seals a carried issuer under the keyring this node was unsealed with.</summary>
    private async Task AdoptCarriedRaftIssuerAsync(CancellationToken cancellationToken)
    {
        if (await _physical.GetAsync(CorePaths.RaftTlsIssuerCarried, cancellationToken).ConfigureAwait(false) is not { } carried)
        {
            return;
        }

        await Storage.PutAsync(new StorageEntry(CorePaths.RaftTlsIssuer, carried.Value), cancellationToken).ConfigureAwait(false);
        await _physical.DeleteAsync(CorePaths.RaftTlsIssuerCarried, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The issuer for a joining node, with a clear error when it was sealed under a keyring this cluster lost.</summary>
    private async Task<byte[]> ReadRaftIssuerAsync(CancellationToken cancellationToken)
    {
        try
        {
            var issuer = await Storage.GetAsync(CorePaths.RaftTlsIssuer, cancellationToken).ConfigureAwait(false);
            return issuer?.Value ?? throw new CofferException(ErrorKind.Unavailable, "the cluster has no certificate issuer for new nodes");
        }
        catch (BarrierDecryptionException)
        {
            throw new CofferException(ErrorKind.Unavailable,
                "the cluster's certificate issuer for new nodes was sealed under a keyring this cluster no longer has; nodes cannot join until the cluster is re-formed");
        }
    }
}
