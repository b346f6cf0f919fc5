namespace Coffer.Server.Configuration;

/// <summary>The typed settings of <c>storage "raft" { … }</c> (integrated storage).</summary>
public sealed record RaftStorageConfig
{
    public const long DefaultTrailingLogs = 10_000;
    public const long DefaultSnapshotThreshold = 8_192;
    public static readonly TimeSpan DefaultSnapshotInterval = TimeSpan.FromSeconds(120);

    public required string Path { get; init; }

    /// <summary>Null when not configured: a node id is then generated and kept in <see cref="Path"/>.</summary>
    public string? NodeId { get; init; }

    /// <summary>Scales Raft timeouts; 0 means the default (5), 1 is the fastest, 10 the most tolerant.</summary>
    public int PerformanceMultiplier { get; init; }

    public long TrailingLogs { get; init; } = DefaultTrailingLogs;

    /// <summary>Coffer's <c>leader_lease_reads</c>: the leader reads under a lease instead of a barrier per read.</summary>
    public bool LeaderLeaseReads { get; init; }

    public long SnapshotThreshold { get; init; } = DefaultSnapshotThreshold;

    public TimeSpan SnapshotInterval { get; init; } = DefaultSnapshotInterval;

    /// <summary>Leaders to try joining, in file order.</summary>
    public IReadOnlyList<RetryJoinConfig> RetryJoin { get; init; } = [];
}
