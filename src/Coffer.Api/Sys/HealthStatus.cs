using System.Text.Json.Nodes;

namespace Coffer.Api.Sys;

/// <summary>Answer of <c>sys/health</c>.</summary>
public sealed class HealthStatus
{
    public bool Initialized { get; init; }
    public bool Sealed { get; init; }
    public bool Standby { get; init; }
    public bool PerformanceStandby { get; init; }
    public string ReplicationPerformanceMode { get; init; } = "";
    public string ReplicationDrMode { get; init; } = "";
    public long ServerTimeUtc { get; init; }
    public string Version { get; init; } = "";
    public string ClusterName { get; init; } = "";
    public string ClusterId { get; init; } = "";

    /// <summary>The object exactly as received.</summary>
    public JsonObject Raw { get; init; } = [];

    public static HealthStatus Parse(JsonObject obj) => new()
    {
        Initialized = JsonFields.GetBool(obj, "initialized"),
        Sealed = JsonFields.GetBool(obj, "sealed"),
        Standby = JsonFields.GetBool(obj, "standby"),
        PerformanceStandby = JsonFields.GetBool(obj, "performance_standby"),
        ReplicationPerformanceMode = JsonFields.GetString(obj, "replication_performance_mode"),
        ReplicationDrMode = JsonFields.GetString(obj, "replication_dr_mode"),
        ServerTimeUtc = JsonFields.GetInt64(obj, "server_time_utc"),
        Version = JsonFields.GetString(obj, "version"),
        ClusterName = JsonFields.GetString(obj, "cluster_name"),
        ClusterId = JsonFields.GetString(obj, "cluster_id"),
        Raw = obj,
    };
}
