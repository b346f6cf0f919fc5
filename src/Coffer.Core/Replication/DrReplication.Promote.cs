using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Replication;

/// <summary><c>sys/replication/dr/secondary/promote</c>: a DR secondary becomes the primary of its replication set.</summary>
public sealed partial class DrReplication
{
    /// <summary>
    /// How recent the primary's last heartbeat must be for it to count as still active. Primaries send one a second
    /// on every stream; three missed in a row mean it is gone, demoted or unreachable from here.
    /// </summary>
    public static readonly TimeSpan PrimaryActiveWindow = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Promotes this DR secondary (following a primary or demoted) to primary: it stops following, starts a new
    /// replication log and serves it under the replication set's id (so the old primary, once demoted, follows it
    /// with <c>update-primary</c>, without a wipe), then serves clients. Unless <paramref name="force"/>, it refuses
    /// while its primary is still active (two primaries would take diverging writes) and while its first copy is
    /// incomplete.
    /// </summary>
    public Task<LogicalResponse> PromoteAsync(string primaryClusterAddress, bool force, CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            RequireSecondaryMode();
            var address = NormalizeClusterAddress(primaryClusterAddress);
            if (!force)
            {
                RefuseUnsafePromotion(provider.GetSecondaryStatus());
            }

            // A generated DR operation token belongs to the secondary: gone before the mode changes (as in disable).
            await DiscardOperationTokenAsync(cancellationToken).ConfigureAwait(false);
            var previous = _state;
            await provider.StopSecondaryAsync(cancellationToken).ConfigureAwait(false);
            DrPrimaryStarted started;
            try
            {
                // A new CA: credentials issued by an earlier primary of this cluster must not let old secondaries in.
                await provider.DeletePrimaryStateAsync(cancellationToken).ConfigureAwait(false);
                await provider.StartRecordingAsync(newLog: true, cancellationToken).ConfigureAwait(false);
                started = await provider.StartPrimaryAsync(address, ClusterIdOrNull(previous), cancellationToken).ConfigureAwait(false);
                await SaveAsync(new DrStateRecord { Mode = DrMode.Primary, ClusterId = started.ClusterId, PrimaryClusterAddress = address }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                await provider.StopPrimaryAsync(CancellationToken.None).ConfigureAwait(false);
                await provider.StopRecordingAsync(CancellationToken.None).ConfigureAwait(false);
                if (previous.Activation is { } bundle)
                {
                    await provider.StartSecondaryAsync(bundle, _core.OnReplicatedChangesAsync, CancellationToken.None).ConfigureAwait(false);
                }

                throw;
            }

            _primary = started;
            _primaryError = null;
            await OnLeftSecondaryModeAsync(cancellationToken).ConfigureAwait(false);
            DrLog.Promoted(_logger, started.ClusterId, started.ClusterAddress, force);
            return new LogicalResponse().AddWarning(
                "This cluster is being promoted to a replication primary. It may be unavailable for a short while and then resumes service.");
        }, cancellationToken);

    /// <summary>
    /// Everything that follows the cluster leaving DR-secondary mode (promotion or disable), once the new mode is
    /// stored: Core serves its data on its own again (expiration, audit devices and mounts rebuilt from storage).
    /// </summary>
    private async Task OnLeftSecondaryModeAsync(CancellationToken cancellationToken)
    {
        await _core.LeaveDrSecondaryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The split-brain guard: a live primary, or a copy still in progress, needs <c>force</c>.</summary>
    private void RefuseUnsafePromotion(DrSecondaryStatus? status)
    {
        if (status is null)
        {
            return;
        }

        if (status is { ConnectionState: "ready", LastHeartbeat: { } beat } && _core.Time.GetUtcNow() - beat <= PrimaryActiveWindow)
        {
            throw CofferException.BadRequest(
                $"the primary at {status.PrimaryClusterAddress} is still active and reachable from this DR secondary: promoting now would make two primaries " +
                "that accept diverging writes. Demote the primary first (sys/replication/dr/primary/demote), or promote with force=true");
        }

        if (status.ReindexInProgress)
        {
            throw new CofferException(ErrorKind.Unavailable,
                "this DR secondary is still copying its primary's data (re-index in progress) and would serve an incomplete copy: " +
                "retry when sys/replication/dr/status shows state stream-wals, or promote with force=true");
        }
    }
}
