using System.Text.Json.Serialization;

namespace Coffer.Core.Replication;

/// <summary>
/// What a DR secondary keeps of its threshold-generated DR operation token, at
/// <see cref="Storage.CorePaths.DrOperationToken"/>: the token's SHA-256 and when it was minted. The token itself is
/// shown once, XOR-ed with the ceremony's OTP, and never stored.
/// </summary>
internal sealed record DrOperationTokenRecord
{
    public const int CurrentVersion = 1;

    [JsonPropertyName("version")]
    public int Version { get; init; } = CurrentVersion;

    /// <summary>Lower-case hex of SHA-256 over the token's UTF-8 bytes.</summary>
    [JsonPropertyName("sha256")]
    public string Sha256 { get; init; } = string.Empty;

    [JsonPropertyName("created_at")]
    public DateTimeOffset CreatedAt { get; init; }
}
