using Coffer.Raft.History;
using Coffer.Server.Replication;

namespace Coffer.Server.Cluster;

/// <summary>One node of integrated storage, resolved from the <c>storage "raft"</c> stanza, the listener and the addresses.</summary>
internal sealed record RaftNodeOptions
{
    public required string NodeId { get; init; }

    public required string DataPath { get; init; }

    /// <summary>The cluster address peers use, <c>host:port</c> (from <c>cluster_addr</c>).</summary>
    public required string ClusterAddress { get; init; }

    /// <summary>Where the Raft transport listens, <c>host:port</c> (the listener's <c>cluster_address</c>).</summary>
    public required string ListenAddress { get; init; }

    public int PerformanceMultiplier { get; init; }

    public long TrailingLogs { get; init; } = 10_000;

    /// <summary>The leader serves reads under a leader lease (<c>leader_lease_reads</c>).</summary>
    public bool LeaderLeaseReads { get; init; }

    public long SnapshotThreshold { get; init; } = 8192;

    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Leaders to join at start-up when the node is not a member yet (<c>retry_join</c>).</summary>
    public IReadOnlyList<JoinTarget> RetryJoin { get; init; } = [];

    /// <summary>What the node keeps of its applied entries for DR secondaries, while its cluster is a DR primary.</summary>
    public CommitHistoryOptions History { get; init; } = RaftReplicationHistory.Options(null);

    /// <summary>The version this node reports in heartbeats and autopilot state.</summary>
    public required string Version { get; init; }
}
