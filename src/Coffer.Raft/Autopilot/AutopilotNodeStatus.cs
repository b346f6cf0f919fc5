namespace Coffer.Raft.Autopilot;

/// <summary>What the application knows about a server (<c>node_status</c>): only <c>alive</c> can be healthy.</summary>
public enum AutopilotNodeStatus
{
    Alive,
    /// <summary>In the Raft configuration but unknown to the application, or declared dead after the dead-server threshold.</summary>
    Left,
    Failed,
    Unknown,
}
