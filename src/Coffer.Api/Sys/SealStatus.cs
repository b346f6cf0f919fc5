using System.Text.Json.Nodes;

namespace Coffer.Api.Sys;

/// <summary>Answer of <c>sys/seal-status</c> and <c>sys/unseal</c>.</summary>
public sealed class SealStatus
{
    public string Type { get; init; } = "";
    public bool Initialized { get; init; }
    public bool Sealed { get; init; }
    public long Threshold { get; init; }
    public long Shares { get; init; }
    public long Progress { get; init; }
    public string Nonce { get; init; } = "";
    public string Version { get; init; } = "";
    public string BuildDate { get; init; } = "";
    public bool Migration { get; init; }
    public string ClusterName { get; init; } = "";
    public string ClusterId { get; init; } = "";
    public bool RecoverySeal { get; init; }
    public string RecoverySealType { get; init; } = "";
    public string StorageType { get; init; } = "";
    public bool RemovedFromCluster { get; init; }
    public IReadOnlyList<string>? Warnings { get; init; }

    /// <summary>The object exactly as received.</summary>
    public JsonObject Raw { get; init; } = [];

    public static SealStatus Parse(JsonObject obj) => new()
    {
        Type = JsonFields.GetString(obj, "type"),
        Initialized = JsonFields.GetBool(obj, "initialized"),
        Sealed = JsonFields.GetBool(obj, "sealed"),
        Threshold = JsonFields.GetInt64(obj, "t"),
        Shares = JsonFields.GetInt64(obj, "n"),
        Progress = JsonFields.GetInt64(obj, "progress"),
        Nonce = JsonFields.GetString(obj, "nonce"),
        Version = JsonFields.GetString(obj, "version"),
        BuildDate = JsonFields.GetString(obj, "build_date"),
        Migration = JsonFields.GetBool(obj, "migration"),
        ClusterName = JsonFields.GetString(obj, "cluster_name"),
        ClusterId = JsonFields.GetString(obj, "cluster_id"),
        RecoverySeal = JsonFields.GetBool(obj, "recovery_seal"),
        RecoverySealType = JsonFields.GetString(obj, "recovery_seal_type"),
        StorageType = JsonFields.GetString(obj, "storage_type"),
        RemovedFromCluster = JsonFields.GetBool(obj, "removed_from_cluster"),
        Warnings = JsonFields.GetStringList(obj, "warnings"),
        Raw = obj,
    };
}
