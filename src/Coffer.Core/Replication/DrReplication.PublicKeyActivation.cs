using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Storage;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Replication;

/// <summary>
/// Activation by public key: <c>secondary/generate-public-key</c> keeps a private key on the future (or demoted)
/// secondary and returns its public half; the primary encrypts the activation to it (<see cref="SealedActivation"/>),
/// and <c>secondary/enable</c> or <c>update-primary</c> opens it here without calling the primary's API.
/// </summary>
public sealed partial class DrReplication
{
    /// <summary>Below the barrier, cluster-local: it survives the wipe at activation and is never replicated.</summary>
    private const string ActivationKeyPath = "replication/local/activation-key";

    /// <summary>In a sealed activation's data: the unix time after which the secondary refuses it.</summary>
    private const string SealedActivationExpiry = "expires_at";

    /// <summary>Creates this cluster's activation key pair (replacing any earlier one) and returns the public half.</summary>
    public Task<LogicalResponse> GeneratePublicKeyAsync(CancellationToken cancellationToken) =>
        TransitionAsync(async () =>
        {
            if (_state.Mode == DrMode.Primary)
            {
                throw CofferException.BadRequest("this cluster is a DR primary: a public key is for a cluster that will be, or is, a DR secondary");
            }

            var (privateKey, publicKey) = SealedActivation.CreateKeyPair();
            await _core.Storage.PutAsync(new StorageEntry(ActivationKeyPath, privateKey), cancellationToken).ConfigureAwait(false);
            return LogicalResponse.WithData(new JsonObject { ["secondary_public_key"] = publicKey });
        }, cancellationToken);

    /// <summary>A wrapping token is unwrapped at the primary's API; a sealed one is opened with this cluster's key.</summary>
    private async Task<DrActivation> FetchActivationAsync(IReplicationProvider provider, DrActivationRequest request, CancellationToken cancellationToken)
    {
        if (!SealedActivation.IsSealed(request.Token))
        {
            return await provider.FetchActivationAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var privateKey = await _core.Storage.GetAsync(ActivationKeyPath, cancellationToken).ConfigureAwait(false)
            ?? throw CofferException.BadRequest("this activation token is encrypted to a public key, but this cluster has none: call secondary/generate-public-key first");
        JsonObject data;
        try
        {
            data = JsonNode.Parse(SealedActivation.Open(privateKey.Value, request.Token)) as JsonObject
                ?? throw CofferException.BadRequest("the activation token holds no activation");
        }
        catch (JsonException)
        {
            throw CofferException.BadRequest("the activation token holds no activation");
        }

        if (data[SealedActivationExpiry]?.GetValue<long>() is not { } expiry || _core.Time.GetUtcNow().ToUnixTimeSeconds() > expiry)
        {
            throw CofferException.BadRequest("the activation token has expired: issue a new one on the primary");
        }

        var primaryApiAddress = (string?)data[ActivationFields.PrimaryApiAddress] ?? request.PrimaryApiAddress;
        return provider.ReadActivation(data, primaryApiAddress);
    }
}
