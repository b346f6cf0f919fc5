using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Helpers;

namespace Coffer.Core.Ha;

/// <summary>
/// <c>sys/storage/raft/autopilot/configuration</c>, with Vault's defaults. Kept under the barrier so that every
/// active node of the cluster applies the same settings, and cluster-local (<see cref="Storage.CorePaths.AutopilotSettings"/>).
/// </summary>
public sealed record AutopilotSettings
{
    public static readonly TimeSpan MinimumDeadServerThreshold = TimeSpan.FromMinutes(1);

    public bool CleanupDeadServers { get; init; }

    public TimeSpan LastContactThreshold { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan DeadServerLastContactThreshold { get; init; } = TimeSpan.FromHours(24);

    public long MaxTrailingLogs { get; init; } = 1000;

    public int MinQuorum { get; init; }

    public TimeSpan ServerStabilizationTime { get; init; } = TimeSpan.FromSeconds(10);

    public bool DisableUpgradeMigration { get; init; }

    /// <summary>The request fields of the configuration endpoint.</summary>
    public static IReadOnlyList<FieldSchema> Fields { get; } =
    [
        FieldSchema.Bool("cleanup_dead_servers", "Remove dead servers from the cluster periodically; needs min_quorum."),
        FieldSchema.Duration("last_contact_threshold", "Time since a server's last contact after which it is unhealthy."),
        FieldSchema.Duration("dead_server_last_contact_threshold", "Time since a server's last contact after which it is dead; at least 1m."),
        FieldSchema.Int("max_trailing_logs", "Log entries a server may trail the leader by and still be healthy."),
        FieldSchema.Int("min_quorum", "Dead-server cleanup never leaves fewer voters than this; at least 3 with cleanup."),
        FieldSchema.Duration("server_stabilization_time", "Time a new server must stay healthy before it is promoted."),
        FieldSchema.Bool("disable_upgrade_migration", "Turns off automated upgrades (Enterprise in Vault; stored only)."),
    ];

    /// <summary>These settings with the fields present in <paramref name="data"/> replaced, validated as Vault does.</summary>
    public AutopilotSettings Merge(FieldData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var merged = this with
        {
            CleanupDeadServers = data.IsSet("cleanup_dead_servers") ? data.GetBool("cleanup_dead_servers") : CleanupDeadServers,
            LastContactThreshold = data.IsSet("last_contact_threshold") ? data.GetDuration("last_contact_threshold") : LastContactThreshold,
            DeadServerLastContactThreshold = data.IsSet("dead_server_last_contact_threshold")
                ? data.GetDuration("dead_server_last_contact_threshold")
                : DeadServerLastContactThreshold,
            MaxTrailingLogs = data.IsSet("max_trailing_logs") ? data.GetInt("max_trailing_logs") : MaxTrailingLogs,
            MinQuorum = data.IsSet("min_quorum") ? checked((int)data.GetInt("min_quorum")) : MinQuorum,
            ServerStabilizationTime = data.IsSet("server_stabilization_time") ? data.GetDuration("server_stabilization_time") : ServerStabilizationTime,
            DisableUpgradeMigration = data.IsSet("disable_upgrade_migration") ? data.GetBool("disable_upgrade_migration") : DisableUpgradeMigration,
        };
        merged.Validate();
        return merged;
    }

    public JsonObject ToJson() => new()
    {
        ["cleanup_dead_servers"] = CleanupDeadServers,
        ["last_contact_threshold"] = GoDuration.FormatGo(LastContactThreshold),
        ["dead_server_last_contact_threshold"] = GoDuration.FormatGo(DeadServerLastContactThreshold),
        ["max_trailing_logs"] = MaxTrailingLogs,
        ["min_quorum"] = MinQuorum,
        ["server_stabilization_time"] = GoDuration.FormatGo(ServerStabilizationTime),
        ["disable_upgrade_migration"] = DisableUpgradeMigration,
    };

    private void Validate()
    {
        if (LastContactThreshold <= TimeSpan.Zero)
        {
            throw CofferException.BadRequest("last_contact_threshold must be positive");
        }

        if (ServerStabilizationTime < TimeSpan.Zero || MaxTrailingLogs < 0 || MinQuorum < 0)
        {
            throw CofferException.BadRequest("server_stabilization_time, max_trailing_logs and min_quorum cannot be negative");
        }

        if (DeadServerLastContactThreshold < MinimumDeadServerThreshold)
        {
            throw CofferException.BadRequest($"dead_server_last_contact_threshold should not be less than {GoDuration.FormatGo(MinimumDeadServerThreshold)}");
        }

        if (CleanupDeadServers && MinQuorum < 3)
        {
            throw CofferException.BadRequest(
                $"min_quorum must be set when cleanup_dead_servers is set and it should at least be 3; cleanup_dead_servers: true, min_quorum: {MinQuorum}");
        }
    }
}
