using System.Text.Json;
using System.Text.Json.Serialization;

namespace Coffer.Replication;

/// <summary>
/// What a secondary needs to join its primary: where to connect, which CA to trust, and the client
/// certificate that identifies it. The host embeds <see cref="ToJson"/> in the activation token; it holds a
/// private key, so treat it like a root token (it is never written to logs; <see cref="ToString"/> omits it).
/// </summary>
public sealed class ActivationBundle
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName("secondary_id")]
    public required string SecondaryId { get; init; }

    /// <summary>The replication-set id, shared by the primary and all its secondaries.</summary>
    [JsonPropertyName("cluster_id")]
    public required string ClusterId { get; init; }

    /// <summary>Where the primary's replication service listens, e.g. <c>https://10.0.0.1:8201</c>.</summary>
    [JsonPropertyName("primary_cluster_addr")]
    public required string PrimaryClusterAddress { get; init; }

    [JsonPropertyName("ca_cert_pem")]
    public required string CaCertificatePem { get; init; }

    [JsonPropertyName("client_cert_pem")]
    public required string ClientCertificatePem { get; init; }

    [JsonPropertyName("client_key_pem")]
    public required string ClientKeyPem { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ActivationBundleJsonContext.Default.ActivationBundle);

    /// <exception cref="FormatException">The text is not a bundle this version understands.</exception>
    public static ActivationBundle FromJson(string json)
    {
        ActivationBundle? bundle;
        try
        {
            bundle = JsonSerializer.Deserialize(json, ActivationBundleJsonContext.Default.ActivationBundle);
        }
        catch (JsonException)
        {
            // The JSON reader's message may quote the input, which holds a private key.
            throw new FormatException("The activation bundle is not valid JSON.");
        }

        if (bundle is null)
        {
            throw new FormatException("The activation bundle is empty.");
        }

        if (bundle.Version != CurrentVersion)
        {
            throw new FormatException($"Unsupported activation bundle version {bundle.Version}.");
        }

        if (!Uri.TryCreate(bundle.PrimaryClusterAddress, UriKind.Absolute, out var address) || address.Scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException("The activation bundle's primary_cluster_addr must be an https:// address.");
        }

        return bundle;
    }

    public override string ToString() => $"ActivationBundle {{ SecondaryId = {SecondaryId}, PrimaryClusterAddress = {PrimaryClusterAddress} }}";
}
