namespace Coffer.Raft.Autopilot;

/// <summary>
/// What the leader knows about one server when it computes autopilot state: the Raft configuration plus the
/// follower's latest heartbeat (applied index, term, version) and when that heartbeat arrived.
/// </summary>
/// <param name="NodeId">Coffer's node id.</param>
/// <param name="Address">Cluster address.</param>
/// <param name="IsLeader">The server is the current leader (its own figures are used for it).</param>
/// <param name="IsVoter">Raft suffrage; every server is a voter with the current engine.</param>
/// <param name="NodeStatus">Application view: alive, left, failed or unknown.</param>
/// <param name="LastContact">Time since the server's last heartbeat reached the leader; null when it never did. Zero for the leader.</param>
/// <param name="LastTerm">Term in the server's last heartbeat.</param>
/// <param name="LastIndex">Applied index in the server's last heartbeat.</param>
/// <param name="Version">Coffer version the server runs.</param>
/// <param name="UpgradeVersion">Version it advertises for automated upgrades; null when none.</param>
public sealed record AutopilotServerInput(
    string NodeId,
    string Address,
    bool IsLeader,
    bool IsVoter,
    AutopilotNodeStatus NodeStatus,
    TimeSpan? LastContact,
    long LastTerm,
    long LastIndex,
    string Version,
    string? UpgradeVersion = null);
