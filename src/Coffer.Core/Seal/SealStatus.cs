namespace Coffer.Core.Seal;

/// <summary>What <c>sys/seal-status</c> and <c>sys/unseal</c> report.</summary>
public sealed record SealStatus(
    bool Initialized,
    bool Sealed,
    int Threshold,
    int Shares,
    int Progress,
    string Nonce,
    string StorageType,
    string? ClusterName,
    string? ClusterId);
