using System.Text.Json.Serialization;

namespace Coffer.Raft.Autopilot;

/// <summary>
/// <c>sys/storage/raft/autopilot/configuration</c> with Vault's defaults. Durations are serialized by the HTTP
/// layer as Go duration strings (<see cref="Coffer.Sdk.Helpers.GoDuration.FormatGo"/>: <c>"24h0m0s"</c>, <c>"10s"</c>).
/// </summary>
public sealed record AutopilotConfig
{
    [JsonPropertyName("cleanup_dead_servers")]
    public bool CleanupDeadServers { get; init; }

    [JsonPropertyName("last_contact_threshold")]
    public TimeSpan LastContactThreshold { get; init; } = TimeSpan.FromSeconds(10);

    [JsonPropertyName("dead_server_last_contact_threshold")]
    public TimeSpan DeadServerLastContactThreshold { get; init; } = TimeSpan.FromHours(24);

    [JsonPropertyName("max_trailing_logs")]
    public long MaxTrailingLogs { get; init; } = 1000;

    /// <summary>Never prune below this many voters; 0 means unset (Vault has no default, pruning then requires it).</summary>
    [JsonPropertyName("min_quorum")]
    public int MinQuorum { get; init; }

    [JsonPropertyName("server_stabilization_time")]
    public TimeSpan ServerStabilizationTime { get; init; } = TimeSpan.FromSeconds(10);

    [JsonPropertyName("disable_upgrade_migration")]
    public bool DisableUpgradeMigration { get; init; }
}
