using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Replication;

/// <summary><c>sys/replication/dr/secondary/*</c>.</summary>
public sealed partial class DrReplication
{
    /// <summary>
    /// Becomes a DR secondary: unwraps the activation token at the primary, records the credentials, seals, wipes
    /// every replicated entry and starts following the primary. The first re-index brings the primary's keyring and
    /// seal configuration, so the next unseal takes the primary's keys.
    /// </summary>
    public Task<LogicalResponse> EnableSecondaryAsync(DrActivationRequest request, CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            switch (_state.Mode)
            {
                case DrMode.Primary:
                    throw CofferException.BadRequest("this cluster is a DR primary: disable or demote it before enabling it as a secondary");
                case DrMode.Secondary:
                    throw CofferException.BadRequest("this cluster is already a DR secondary: use update-primary to follow another primary");
            }

            RequireToken(request);
            var activation = await FetchActivationAsync(provider, request, cancellationToken).ConfigureAwait(false);

            // A new secondary starts without a generated DR operation token, whatever a crash may have left behind.
            await DiscardOperationTokenAsync(cancellationToken).ConfigureAwait(false);
            // The primary's keyring cannot open this cluster's node-certificate issuer: carry it across.
            await _core.CarryRaftIssuerAcrossKeyringChangeAsync(cancellationToken).ConfigureAwait(false);
            // Recorded before the wipe, so a crash from here on restarts as a secondary and finishes the job.
            await SaveAsync(SecondaryState(activation), cancellationToken).ConfigureAwait(false);
            await _core.SealForDrSecondaryAsync(cancellationToken).ConfigureAwait(false);
            await provider.WipeReplicatedDataAsync(cancellationToken).ConfigureAwait(false);
            _core.ForgetSealConfig();
            await provider.StartSecondaryAsync(activation.Bundle, _core.OnReplicatedChangesAsync, cancellationToken).ConfigureAwait(false);
            DrLog.SecondaryEnabled(_logger, activation.SecondaryId, activation.ClusterId);
            return new LogicalResponse().AddWarning(
                "This cluster is now a DR secondary: its data was wiped and it is sealed. Once the first copy from the primary completes (sys/replication/dr/status), unseal it with the primary's unseal keys.");
        }, cancellationToken);

    /// <summary>
    /// Follows another primary without a wipe (the data is re-indexed from it), or, with an empty token, follows
    /// nobody: reconnect attempts to a lost primary stop and the cluster stays a read-only secondary.
    /// </summary>
    public Task UpdatePrimaryAsync(DrActivationRequest request, CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            RequireSecondaryMode();
            if (request.Token.Length == 0)
            {
                await provider.StopSecondaryAsync(cancellationToken).ConfigureAwait(false);
                await SaveAsync(_state with { Activation = null, PrimaryClusterAddress = string.Empty, PrimaryApiAddress = string.Empty }, cancellationToken)
                    .ConfigureAwait(false);
                DrLog.PrimaryCleared(_logger);
                return true;
            }

            // A new token usually comes from the primary already followed: its API address is the default.
            if (request.PrimaryApiAddress.Length == 0)
            {
                request = request with { PrimaryApiAddress = _state.PrimaryApiAddress };
            }

            var activation = await FetchActivationAsync(provider, request, cancellationToken).ConfigureAwait(false);
            await provider.StopSecondaryAsync(cancellationToken).ConfigureAwait(false);
            // A re-activated secondary starts without a generated DR operation token: one is generated per activation.
            await DiscardOperationTokenAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(SecondaryState(activation), cancellationToken).ConfigureAwait(false);
            await provider.StartSecondaryAsync(activation.Bundle, _core.OnReplicatedChangesAsync, cancellationToken).ConfigureAwait(false);
            DrLog.PrimaryUpdated(_logger, activation.SecondaryId, activation.PrimaryClusterAddress);
            return true;
        }, cancellationToken);

    /// <summary>Stops replicating; the cluster keeps the replicated data and serves it on its own from now on.</summary>
    public Task DisableSecondaryAsync(CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            RequireSecondaryMode();
            await provider.StopSecondaryAsync(cancellationToken).ConfigureAwait(false);
            // Before the mode changes: a crash in between leaves a secondary without a token, never a token without a secondary.
            await DiscardOperationTokenAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(DrStateRecord.Disabled, cancellationToken).ConfigureAwait(false);
            await OnLeftSecondaryModeAsync(cancellationToken).ConfigureAwait(false);
            DrLog.SecondaryDisabled(_logger);
            return true;
        }, cancellationToken);

    /// <summary>Rebuilds the secondary's data from a fresh copy of the primary's.</summary>
    public Task<LogicalResponse> ReindexAsync(CancellationToken cancellationToken) =>
        TransitionAsync(() =>
        {
            var provider = Provider;
            RequireSecondaryMode();
            if (!provider.RequestReindex())
            {
                throw CofferException.BadRequest("this DR secondary follows no primary: use update-primary first");
            }

            return Task.FromResult(new LogicalResponse().AddWarning(
                "Re-indexing: the data is being copied again from the primary. Progress is in sys/replication/dr/status."));
        }, cancellationToken);

    /// <summary>Restarts the stream to the primary, for example after the primary refused this secondary once.</summary>
    public Task<LogicalResponse> RecoverAsync(CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            RequireSecondaryMode();
            if (_state.Activation is not { } bundle)
            {
                throw CofferException.BadRequest("this DR secondary follows no primary: use update-primary first");
            }

            await provider.StopSecondaryAsync(cancellationToken).ConfigureAwait(false);
            await provider.StartSecondaryAsync(bundle, _core.OnReplicatedChangesAsync, cancellationToken).ConfigureAwait(false);
            return new LogicalResponse().AddWarning("Replication is restarting its connection to the primary.");
        }, cancellationToken);

    private void RequireSecondaryMode()
    {
        if (_state.Mode != DrMode.Secondary)
        {
            throw DrErrors.NotSecondary();
        }
    }

    private static void RequireToken(DrActivationRequest request)
    {
        if (request.Token.Length == 0)
        {
            throw CofferException.BadRequest("missing required \"token\" parameter: the activation token from the primary's secondary-token endpoint");
        }
    }

    private static DrStateRecord SecondaryState(DrActivation activation) => new()
    {
        Mode = DrMode.Secondary,
        ClusterId = activation.ClusterId,
        PrimaryClusterAddress = activation.PrimaryClusterAddress,
        PrimaryApiAddress = activation.PrimaryApiAddress,
        SecondaryId = activation.SecondaryId,
        Activation = activation.Bundle,
    };
}
