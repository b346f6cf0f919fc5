using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Replication;

/// <summary><c>sys/replication/dr/primary/*</c>.</summary>
public sealed partial class DrReplication
{
    public const string SecondaryTokenPath = "sys/replication/dr/primary/secondary-token";

    /// <summary>Vault's activation tokens live 30 minutes unless the request names a <c>ttl</c>.</summary>
    public static readonly TimeSpan DefaultActivationTtl = TimeSpan.FromMinutes(30);

    /// <summary>Becomes a primary: the replication-set id and CA are created, and secondaries may connect.</summary>
    public Task<LogicalResponse> EnablePrimaryAsync(string primaryClusterAddress, CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            switch (_state.Mode)
            {
                case DrMode.Primary:
                    throw CofferException.BadRequest("DR replication is already enabled on this cluster as a primary");
                case DrMode.Secondary:
                    throw CofferException.BadRequest("this cluster is a DR secondary: promote it instead of enabling it as a primary");
            }

            var address = NormalizeClusterAddress(primaryClusterAddress);

            // A new log: writes made before now went unlogged, and a secondary re-indexes from the data itself.
            await provider.StartRecordingAsync(newLog: true, cancellationToken).ConfigureAwait(false);
            DrPrimaryStarted started;
            try
            {
                started = await provider.StartPrimaryAsync(address, clusterId: null, cancellationToken).ConfigureAwait(false);
                await SaveAsync(new DrStateRecord { Mode = DrMode.Primary, ClusterId = started.ClusterId, PrimaryClusterAddress = address }, cancellationToken)
                    .ConfigureAwait(false);
            }
            catch
            {
                await provider.StopPrimaryAsync(CancellationToken.None).ConfigureAwait(false);
                await provider.StopRecordingAsync(CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            _primary = started;
            _primaryError = null;
            DrLog.PrimaryEnabled(_logger, started.ClusterId, started.ClusterAddress);
            return new LogicalResponse().AddWarning(
                "This cluster is being enabled as a primary for replication. Secondaries can connect once they hold an activation token from primary/secondary-token.");
        }, cancellationToken);

    /// <summary>
    /// Issues credentials for secondary <paramref name="secondaryId"/> and returns them response-wrapped: the wrapping
    /// token is the activation token, single-use and living <paramref name="ttl"/>.
    /// </summary>
    /// <remarks>
    /// With <paramref name="secondaryPublicKey"/> (from the secondary's <c>generate-public-key</c>) the activation data
    /// is encrypted to that key and returned as <c>data.token</c> instead of being response-wrapped.
    /// </remarks>
    public Task<LogicalResponse> IssueSecondaryTokenAsync(string secondaryId, TimeSpan ttl, string secondaryPublicKey, string requestId, CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            RequireRunningPrimary();
            if (string.IsNullOrWhiteSpace(secondaryId))
            {
                throw CofferException.BadRequest("missing required \"id\" parameter");
            }

            if (ttl <= TimeSpan.Zero)
            {
                throw CofferException.BadRequest("ttl must be positive");
            }

            var bundle = await provider.IssueSecondaryCredentialsAsync(secondaryId, cancellationToken).ConfigureAwait(false);
            var data = new JsonObject
            {
                [ActivationFields.Bundle] = bundle,
                [ActivationFields.PrimaryApiAddress] = provider.ApiAddress,
                [ActivationFields.SecondaryId] = secondaryId,
                [ActivationFields.ClusterId] = _state.ClusterId,
            };
            if (secondaryPublicKey.Length > 0)
            {
                // No wrapping token to expire: the deadline travels inside, checked by the secondary when it opens it.
                data[SealedActivationExpiry] = _core.Time.GetUtcNow().Add(ttl).ToUnixTimeSeconds();
                var sealedToken = SealedActivation.Seal(secondaryPublicKey, JsonSerializer.SerializeToUtf8Bytes(data));
                DrLog.SecondaryTokenIssued(_logger, secondaryId);
                return LogicalResponse.WithData(new JsonObject { ["token"] = sealedToken });
            }

            var envelope = ResponseEnvelope.ToUtf8(new LogicalResponse { Data = data }, requestId, "system");
            var wrapped = await _core.Wrapping.WrapAsync(envelope, SecondaryTokenPath, ttl, string.Empty, cancellationToken).ConfigureAwait(false);
            DrLog.SecondaryTokenIssued(_logger, secondaryId);
            return wrapped;
        }, cancellationToken);

    public Task RevokeSecondaryAsync(string secondaryId, CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            RequireRunningPrimary();
            if (string.IsNullOrWhiteSpace(secondaryId))
            {
                throw CofferException.BadRequest("missing required \"id\" parameter");
            }

            await provider.RevokeSecondaryAsync(secondaryId, cancellationToken).ConfigureAwait(false);
            DrLog.SecondaryRevoked(_logger, secondaryId);
            return true;
        }, cancellationToken);

    /// <summary>Stops being a primary and forgets the replication set: a later enable (either role) gets a new id.</summary>
    public Task DisablePrimaryAsync(CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            RequirePrimaryMode();
            if (_primary is not null)
            {
                await provider.StopPrimaryAsync(cancellationToken).ConfigureAwait(false);
                _primary = null;
            }

            await provider.StopRecordingAsync(cancellationToken).ConfigureAwait(false);
            await provider.DeletePrimaryStateAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(DrStateRecord.Disabled, cancellationToken).ConfigureAwait(false);
            _primaryError = null;
            DrLog.PrimaryDisabled(_logger);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Turns this primary into a DR secondary that follows nobody: it stops serving secondaries, keeps its
    /// replication-set id (so <c>update-primary</c> can attach it to the new primary without a wipe), and from now on
    /// refuses every request outside the DR-secondary paths, writes included.
    /// </summary>
    public Task<LogicalResponse> DemoteAsync(CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            var provider = Provider;
            RequirePrimaryMode();
            if (_primary is not null)
            {
                await provider.StopPrimaryAsync(cancellationToken).ConfigureAwait(false);
                _primary = null;
            }

            await provider.StopRecordingAsync(cancellationToken).ConfigureAwait(false);
            await DiscardOperationTokenAsync(cancellationToken).ConfigureAwait(false);
            await SaveAsync(new DrStateRecord { Mode = DrMode.Secondary, Demoted = true, ClusterId = _state.ClusterId }, cancellationToken)
                .ConfigureAwait(false);
            await _core.EnterDrSecondaryAsync(cancellationToken).ConfigureAwait(false);
            DrLog.Demoted(_logger);
            return new LogicalResponse().AddWarning(
                "This cluster has been demoted to a DR secondary. It serves no client requests until it follows a primary (update-primary) or is promoted.");
        }, cancellationToken);

    private void RequirePrimaryMode()
    {
        if (_state.Mode != DrMode.Primary)
        {
            throw DrErrors.NotPrimary();
        }
    }

    private void RequireRunningPrimary()
    {
        RequirePrimaryMode();
        if (_primary is null)
        {
            throw new CofferException(ErrorKind.Unavailable, "the DR primary is not serving secondaries" + (_primaryError is { } e ? ": " + e : string.Empty));
        }
    }

    /// <summary>Accepts <c>host:port</c> or an <c>https://</c> URL; secondaries always dial the cluster port over TLS.</summary>
    private static string NormalizeClusterAddress(string address)
    {
        address = address.Trim();
        if (address.Length == 0)
        {
            return address;
        }

        var candidate = address.Contains("://", StringComparison.Ordinal) ? address : "https://" + address;
        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps && uri.Port > 0
            ? $"https://{uri.Authority}"
            : throw CofferException.BadRequest("primary_cluster_addr must be host:port or an https:// URL with a port");
    }
}
