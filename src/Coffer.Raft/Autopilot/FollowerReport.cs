namespace Coffer.Raft.Autopilot;

/// <summary>What the leader last heard from one follower.</summary>
/// <param name="LastSeen">When the leader last heard from it (or first saw it in the configuration).</param>
/// <param name="Reported">False while the follower has not sent a heartbeat to this leader yet.</param>
/// <param name="AppliedIndex">Applied index in the latest heartbeat.</param>
/// <param name="Term">Term in the latest heartbeat.</param>
/// <param name="Version">Version in the latest heartbeat.</param>
/// <param name="SentAt">The follower's own timestamp of the latest heartbeat, to refuse replays of older ones.</param>
internal sealed record FollowerReport(DateTimeOffset LastSeen, bool Reported, long AppliedIndex, long Term, string Version, DateTimeOffset SentAt);
