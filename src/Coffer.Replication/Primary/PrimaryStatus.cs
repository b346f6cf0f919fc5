namespace Coffer.Replication.Primary;

/// <summary>
/// The primary's side of <c>sys/replication/dr/status</c>: <see cref="LastIndex"/> is <c>last_wal</c>,
/// <see cref="LastShippedIndex"/> is <c>last_dr_wal</c>, and <see cref="KnownSecondaries"/> are the
/// non-revoked ids.
/// </summary>
public sealed record PrimaryStatus(
    string ClusterId,
    string PrimaryClusterAddress,
    long LastIndex,
    long LastShippedIndex,
    long FirstRetainedIndex,
    IReadOnlyList<string> KnownSecondaries,
    IReadOnlyList<KnownSecondary> Secondaries);
