using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Api.Sys;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>
/// The seal status shown by <c>status</c> and <c>operator unseal</c>: seal fields plus the HA fields
/// of <c>sys/leader</c>, as one table or one JSON object.
/// </summary>
internal static class SealStatusOutput
{
    private const string ZeroTime = "0001-01-01T00:00:00Z";

    public static async Task<int> PrintAsync(CommandContext context, CofferClient client, Printer printer, SealStatus status, CancellationToken cancellationToken)
    {
        LeaderStatus leader;
        try
        {
            leader = await client.Sys.LeaderAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex) when (ex.Message.Contains("Vault is sealed", StringComparison.Ordinal))
        {
            // A sealed HA node cannot name its leader; the error itself tells that HA is on.
            leader = new LeaderStatus { HaEnabled = true };
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error checking leader status: " + ex.Message);
            return 1;
        }
        if (!printer.IsTable)
        {
            return printer.Structured(BuildJson(status, leader));
        }
        context.Ui.Output(Columns.Table(["Key", "Value"], Rows(status, leader)));
        return 0;
    }

    public static List<IReadOnlyList<string>> Rows(SealStatus status, LeaderStatus leader)
    {
        var rows = new List<IReadOnlyList<string>>();
        void Add(string key, string value) => rows.Add([key, value]);
        static string B(bool b) => b ? "true" : "false";
        static string N(long n) => n.ToString(CultureInfo.InvariantCulture);

        var prefix = status.RecoverySeal ? "Recovery " : "";
        Add(prefix + "Seal Type", status.Type);
        Add("Initialized", B(status.Initialized));
        Add("Sealed", B(status.Sealed));
        Add($"Total {prefix}Shares", N(status.Shares));
        Add("Threshold", N(status.Threshold));
        if (status.Sealed)
        {
            Add("Unseal Progress", $"{N(status.Progress)}/{N(status.Threshold)}");
            Add("Unseal Nonce", status.Nonce);
        }
        if (status.Migration)
        {
            Add("Seal Migration in Progress", "true");
        }
        Add("Version", status.Version);
        Add("Build Date", status.BuildDate);
        Add("Storage Type", status.StorageType);
        if (status.ClusterName.Length > 0 && status.ClusterId.Length > 0)
        {
            Add("Cluster Name", status.ClusterName);
            Add("Cluster ID", status.ClusterId);
        }
        Add("HA Enabled", B(leader.HaEnabled));
        if (leader.HaEnabled && !status.Sealed)
        {
            Add("HA Cluster", leader.LeaderClusterAddress);
            Add("HA Mode", leader.IsSelf ? "active" : "standby");
            if (leader.IsSelf && leader.ActiveTime.Length > 0 && leader.ActiveTime != ZeroTime)
            {
                Add("Active Since", leader.ActiveTime);
            }
            if (!leader.IsSelf)
            {
                Add("Active Node Address", leader.LeaderAddress.Length > 0 ? leader.LeaderAddress : "<none>");
            }
            if (leader.PerformanceStandby)
            {
                Add("Performance Standby Node", "true");
                Add("Performance Standby Last Remote WAL", N(leader.PerformanceStandbyLastRemoteWal));
            }
        }
        if (leader.RaftCommittedIndex > 0)
        {
            Add("Raft Committed Index", N(leader.RaftCommittedIndex));
        }
        if (leader.RaftAppliedIndex > 0)
        {
            Add("Raft Applied Index", N(leader.RaftAppliedIndex));
        }
        if (leader.LastWal != 0)
        {
            Add("Last WAL", N(leader.LastWal));
        }
        if (status.Warnings is { Count: > 0 } warnings)
        {
            Add("Warnings", "[" + string.Join(' ', warnings) + "]");
        }
        return rows;
    }

    /// <summary>Field order and omissions of the Go CLI's status structure.</summary>
    public static JsonObject BuildJson(SealStatus status, LeaderStatus leader)
    {
        var obj = new JsonObject
        {
            ["type"] = status.Type,
            ["initialized"] = status.Initialized,
            ["sealed"] = status.Sealed,
            ["t"] = status.Threshold,
            ["n"] = status.Shares,
            ["progress"] = status.Progress,
            ["nonce"] = status.Nonce,
            ["version"] = status.Version,
            ["build_date"] = status.BuildDate,
            ["migration"] = status.Migration,
        };
        AddIfNotEmpty(obj, "cluster_name", status.ClusterName);
        AddIfNotEmpty(obj, "cluster_id", status.ClusterId);
        obj["recovery_seal"] = status.RecoverySeal;
        AddIfNotEmpty(obj, "recovery_seal_type", status.RecoverySealType);
        AddIfNotEmpty(obj, "storage_type", status.StorageType);
        if (status.Warnings is { Count: > 0 } warnings)
        {
            obj["warnings"] = GoJson.StringArray(warnings);
        }
        if (status.Raw.ContainsKey("removed_from_cluster"))
        {
            obj["removed_from_cluster"] = status.RemovedFromCluster;
        }
        obj["ha_enabled"] = leader.HaEnabled;
        if (leader.IsSelf)
        {
            obj["is_self"] = true;
        }
        obj["active_time"] = leader.ActiveTime.Length > 0 ? leader.ActiveTime : ZeroTime;
        AddIfNotEmpty(obj, "leader_address", leader.LeaderAddress);
        AddIfNotEmpty(obj, "leader_cluster_address", leader.LeaderClusterAddress);
        if (leader.PerformanceStandby)
        {
            obj["performance_standby"] = true;
        }
        AddIfNotZero(obj, "performance_standby_last_remote_wal", leader.PerformanceStandbyLastRemoteWal);
        AddIfNotZero(obj, "last_wal", leader.LastWal);
        AddIfNotZero(obj, "raft_committed_index", leader.RaftCommittedIndex);
        AddIfNotZero(obj, "raft_applied_index", leader.RaftAppliedIndex);
        return obj;
    }

    private static void AddIfNotEmpty(JsonObject obj, string name, string value)
    {
        if (value.Length > 0)
        {
            obj[name] = value;
        }
    }

    private static void AddIfNotZero(JsonObject obj, string name, long value)
    {
        if (value != 0)
        {
            obj[name] = value;
        }
    }
}
