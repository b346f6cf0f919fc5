namespace Coffer.Replication.Primary;

/// <summary>One secondary as the primary's registry sees it.</summary>
public sealed record KnownSecondary(
    string Id,
    string CertificateSha256,
    DateTimeOffset IssuedAt,
    DateTimeOffset? LastSeen,
    long LastAckedIndex,
    bool Revoked,
    bool Connected,
    string? RemoteAddress);
