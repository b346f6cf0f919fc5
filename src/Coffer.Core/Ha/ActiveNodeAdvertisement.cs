namespace Coffer.Core.Ha;

/// <summary>
/// Written under the barrier by a node when it becomes active, so that standbys know where to send requests: its
/// API address, its cluster address, and the Raft term of its leadership (a stale advertisement names an older term).
/// </summary>
public sealed record ActiveNodeAdvertisement(string NodeId, string ApiAddress, string ClusterAddress, long Term, DateTimeOffset ActiveSince);
