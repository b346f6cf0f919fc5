namespace Coffer.Raft.Autopilot;

/// <summary>A server considered by dead-server cleanup.</summary>
/// <param name="NodeId">Coffer's node id.</param>
/// <param name="IsVoter">Current Raft suffrage.</param>
/// <param name="IsPotentialVoter">A voter, or a non-voter autopilot would promote.</param>
/// <param name="KnownToApplication">False when the server is in the Raft configuration but the application does not list it ("stale").</param>
/// <param name="NodeStatus">Application view; anything but alive marks a known server as failed.</param>
public sealed record AutopilotPruneCandidate(string NodeId, bool IsVoter, bool IsPotentialVoter, bool KnownToApplication, AutopilotNodeStatus NodeStatus);
