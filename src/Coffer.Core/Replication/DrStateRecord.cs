using System.Text.Json.Serialization;

namespace Coffer.Core.Replication;

/// <summary>
/// The cluster's DR role as stored at <see cref="Storage.CorePaths.DrState"/>: physical and plaintext, because a
/// secondary must read it while sealed (it follows its primary before the first unseal, which needs the
/// primary's keyring), and cluster-local, because the <c>replication/</c> prefix is never replicated or wiped.
/// </summary>
internal sealed record DrStateRecord
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    [JsonPropertyName("mode")]
    public DrMode Mode { get; init; }

    /// <summary>A demoted primary: a secondary that keeps its replication-set id and follows nobody yet.</summary>
    [JsonPropertyName("demoted")]
    public bool Demoted { get; init; }

    /// <summary>The replication-set id: the primary's own, or the one in the secondary's activation.</summary>
    [JsonPropertyName("cluster_id")]
    public string ClusterId { get; init; } = string.Empty;

    /// <summary>Primary: the <c>primary_cluster_addr</c> given at enable (may be empty). Secondary: its primary's.</summary>
    [JsonPropertyName("primary_cluster_addr")]
    public string PrimaryClusterAddress { get; init; } = string.Empty;

    [JsonPropertyName("primary_api_addr")]
    public string PrimaryApiAddress { get; init; } = string.Empty;

    [JsonPropertyName("secondary_id")]
    public string SecondaryId { get; init; } = string.Empty;

    /// <summary>The secondary's credentials (the provider's bundle, with a private key); null when following nobody.</summary>
    [JsonPropertyName("activation")]
    public string? Activation { get; init; }

    public static DrStateRecord Disabled { get; } = new();

    public override string ToString() => $"DrStateRecord {{ Mode = {Mode}, ClusterId = {ClusterId}, Demoted = {Demoted} }}";
}
