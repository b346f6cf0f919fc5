namespace Coffer.Raft;

/// <summary>The local node's view of leadership after a change: who leads, and whether it is this node.</summary>
public sealed class RaftLeadershipChangedEventArgs(bool isLeader, string? leaderId, string? leaderAddress, long term) : EventArgs
{
    /// <summary>True when the local node just became the leader (the active node).</summary>
    public bool IsLeader { get; } = isLeader;

    /// <summary>The leader's Coffer node id; null when no leader is known or its id is not yet replicated.</summary>
    public string? LeaderId { get; } = leaderId;

    /// <summary>The leader's cluster address; null when no leader is known.</summary>
    public string? LeaderAddress { get; } = leaderAddress;

    public long Term { get; } = term;
}
