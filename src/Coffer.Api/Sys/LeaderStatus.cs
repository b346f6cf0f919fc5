using System.Text.Json.Nodes;

namespace Coffer.Api.Sys;

/// <summary>Answer of <c>sys/leader</c>.</summary>
public sealed class LeaderStatus
{
    public bool HaEnabled { get; init; }
    public bool IsSelf { get; init; }

    /// <summary>RFC 3339 time the node became active, as sent; empty when unknown.</summary>
    public string ActiveTime { get; init; } = "";

    public string LeaderAddress { get; init; } = "";
    public string LeaderClusterAddress { get; init; } = "";
    public bool PerformanceStandby { get; init; }
    public long PerformanceStandbyLastRemoteWal { get; init; }
    public long LastWal { get; init; }
    public long RaftCommittedIndex { get; init; }
    public long RaftAppliedIndex { get; init; }

    public static LeaderStatus Parse(JsonObject obj) => new()
    {
        HaEnabled = JsonFields.GetBool(obj, "ha_enabled"),
        IsSelf = JsonFields.GetBool(obj, "is_self"),
        ActiveTime = JsonFields.GetString(obj, "active_time"),
        LeaderAddress = JsonFields.GetString(obj, "leader_address"),
        LeaderClusterAddress = JsonFields.GetString(obj, "leader_cluster_address"),
        PerformanceStandby = JsonFields.GetBool(obj, "performance_standby"),
        PerformanceStandbyLastRemoteWal = JsonFields.GetInt64(obj, "performance_standby_last_remote_wal"),
        LastWal = JsonFields.GetInt64(obj, "last_wal"),
        RaftCommittedIndex = JsonFields.GetInt64(obj, "raft_committed_index"),
        RaftAppliedIndex = JsonFields.GetInt64(obj, "raft_applied_index"),
    };
}
