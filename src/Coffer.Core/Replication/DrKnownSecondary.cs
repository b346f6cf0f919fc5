namespace Coffer.Core.Replication;

/// <summary>
/// One secondary as the primary sees it. <see cref="LagEntries"/> counts the primary's entries it has not
/// acknowledged; <see cref="LagSeconds"/> is how long ago the oldest of them was committed (0 when caught up).
/// </summary>
public sealed record DrKnownSecondary(
    string Id,
    bool Connected,
    string RemoteAddress,
    DateTimeOffset? LastSeen,
    long LastAckedWal,
    long LagEntries,
    double LagSeconds);
