namespace Coffer.Core.Replication;

/// <summary>
/// The primary side of the status endpoints: <see cref="LastWal"/> is the last index logged here and
/// <see cref="LastDrWal"/> the last one shipped to a secondary. <see cref="Secondaries"/> excludes revoked ones.
/// </summary>
public sealed record DrPrimaryStatus(
    string ClusterId,
    string ClusterAddress,
    long LastWal,
    long LastDrWal,
    long FirstRetainedWal,
    IReadOnlyList<DrKnownSecondary> Secondaries);
