using Coffer.Core.Hcl;

namespace Coffer.Server.Configuration;

/// <summary>Reads the single <c>storage "type" { … }</c> block (or legacy <c>backend</c>) of a file.</summary>
internal static class StorageReader
{
    private static readonly string[] RaftKeys =
        ["path", "node_id", "performance_multiplier", "trailing_logs", "leader_lease_reads", "snapshot_threshold", "snapshot_interval", "retry_join"];

    private static readonly string[] RetryJoinKeys =
        ["leader_api_addr", "leader_ca_cert_file", "leader_client_cert_file", "leader_client_key_file", "leader_tls_servername"];

    public static StorageConfig? Read(List<HclBodyItem> items, string keyword, ConfigDiagnostics diagnostics)
    {
        var blocks = new List<HclBlock>();
        foreach (var item in items)
        {
            try
            {
                blocks.AddRange(HclBlocks.Expand(item, 1));
            }
            catch (HclParseException e)
            {
                diagnostics.Problem(e.Line, e.Column, e.Reason);
            }
        }

        if (blocks.Count == 0)
        {
            return null;
        }

        foreach (var extra in blocks.Skip(1))
        {
            diagnostics.Problem(extra, $"only one \"{keyword}\" block is permitted");
        }

        var block = blocks[0];
        var type = block.Labels[0].ToLowerInvariant();
        var storage = new StorageConfig { Type = type, Options = ScalarOptions(block.Body) };
        switch (type)
        {
            case "raft":
                return storage with { Raft = ReadRaft(block, diagnostics) };
            case "file":
                WarnUnknown(block.Body, ["path"], diagnostics);
                var path = RequiredPath(block, diagnostics);
                return path is null ? storage : storage with { File = new FileStorageConfig { Path = path } };
            case "inmem":
                WarnUnknown(block.Body, [], diagnostics);
                return storage;
            default:
                diagnostics.Problem(block, $"{keyword} \"{type}\": unsupported storage type; Coffer runs on \"raft\", \"file\" and \"inmem\"");
                return null;
        }
    }

    private static Dictionary<string, object> ScalarOptions(HclBody body)
    {
        var options = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var attribute in body.Attributes)
        {
            object? value = attribute.Value switch
            {
                HclString text => text.Value,
                HclBool flag => flag.Value,
                HclNumber number when number.TryGetInt64(out var integer) => integer,
                HclNumber number => number.ToDouble(),
                _ => null,
            };
            if (value is not null)
            {
                options[attribute.Name] = value;
            }
        }

        return options;
    }

    private static RaftStorageConfig? ReadRaft(HclBlock block, ConfigDiagnostics diagnostics)
    {
        WarnUnknown(block.Body, RaftKeys, diagnostics);
        var problemsBefore = diagnostics.Problems.Count;
        var path = RequiredPath(block, diagnostics);
        string? nodeId = null;
        var multiplier = 0;
        var trailingLogs = RaftStorageConfig.DefaultTrailingLogs;
        var leaderLeaseReads = false;
        var snapshotThreshold = RaftStorageConfig.DefaultSnapshotThreshold;
        var snapshotInterval = RaftStorageConfig.DefaultSnapshotInterval;
        var retryJoin = new List<RetryJoinConfig>();
        foreach (var item in block.Body.Items)
        {
            switch (item.Name)
            {
                case "node_id":
                    nodeId = ConfigValues.String(item, diagnostics) ?? nodeId;
                    break;
                case "performance_multiplier":
                    multiplier = (int)(InRange(item, 0, 10, diagnostics) ?? multiplier);
                    break;
                case "trailing_logs":
                    trailingLogs = InRange(item, 0, long.MaxValue, diagnostics) ?? trailingLogs;
                    break;
                case "leader_lease_reads":
                    leaderLeaseReads = ConfigValues.Bool(item, diagnostics) ?? leaderLeaseReads;
                    break;
                case "snapshot_threshold":
                    snapshotThreshold = InRange(item, 1, long.MaxValue, diagnostics) ?? snapshotThreshold;
                    break;
                case "snapshot_interval":
                    var interval = ConfigValues.Duration(item, diagnostics);
                    if (interval <= TimeSpan.Zero)
                    {
                        diagnostics.Problem(((HclAttribute)item).Value, "snapshot_interval: must be positive");
                    }
                    else if (interval is { } positive)
                    {
                        snapshotInterval = positive;
                    }

                    break;
                case "retry_join":
                    retryJoin.AddRange(ReadRetryJoin(item, diagnostics));
                    break;
            }
        }

        if (path is null || diagnostics.Problems.Count != problemsBefore)
        {
            return null;
        }

        return new RaftStorageConfig
        {
            Path = path,
            NodeId = nodeId,
            PerformanceMultiplier = multiplier,
            TrailingLogs = trailingLogs,
            LeaderLeaseReads = leaderLeaseReads,
            SnapshotThreshold = snapshotThreshold,
            SnapshotInterval = snapshotInterval,
            RetryJoin = retryJoin,
        };
    }

    private static List<RetryJoinConfig> ReadRetryJoin(HclBodyItem item, ConfigDiagnostics diagnostics)
    {
        var result = new List<RetryJoinConfig>();
        IReadOnlyList<HclBlock> blocks;
        try
        {
            blocks = HclBlocks.Expand(item, 0);
        }
        catch (HclParseException e)
        {
            diagnostics.Problem(e.Line, e.Column, e.Reason);
            return result;
        }

        foreach (var block in blocks)
        {
            WarnUnknown(block.Body, RetryJoinKeys, diagnostics);
            string? Read(string key) =>
                block.Body.Items.LastOrDefault(i => i.Name == key) is { } found ? ConfigValues.String(found, diagnostics) : null;

            var leader = block.Body.Items.LastOrDefault(i => i.Name == "leader_api_addr");
            var leaderApiAddr = leader is null ? null : ConfigFileReader.Url(leader, diagnostics);
            if (leader is null)
            {
                diagnostics.Problem(block, "retry_join: leader_api_addr must be set");
            }

            if (leaderApiAddr is null)
            {
                continue;
            }

            result.Add(new RetryJoinConfig
            {
                LeaderApiAddr = leaderApiAddr,
                LeaderCaCertFile = Read("leader_ca_cert_file"),
                LeaderClientCertFile = Read("leader_client_cert_file"),
                LeaderClientKeyFile = Read("leader_client_key_file"),
                LeaderTlsServerName = Read("leader_tls_servername"),
            });
        }

        return result;
    }

    private static string? RequiredPath(HclBlock block, ConfigDiagnostics diagnostics)
    {
        var item = block.Body.Items.LastOrDefault(i => i.Name == "path");
        var path = item is null ? null : ConfigValues.String(item, diagnostics);
        if (item is null || path?.Length == 0)
        {
            diagnostics.Problem(block, $"storage \"{block.Labels[0]}\": path must be set");
            return null;
        }

        return path;
    }

    private static long? InRange(HclBodyItem item, long min, long max, ConfigDiagnostics diagnostics)
    {
        var value = ConfigValues.Int64(item, diagnostics);
        if (value < min || value > max)
        {
            var range = max == long.MaxValue ? $"at least {min}" : $"between {min} and {max}";
            diagnostics.Problem(((HclAttribute)item).Value, $"{item.Name}: must be {range}, found {value}");
            return null;
        }

        return value;
    }

    private static void WarnUnknown(HclBody body, string[] known, ConfigDiagnostics diagnostics)
    {
        foreach (var item in body.Items)
        {
            if (!known.Contains(item.Name))
            {
                diagnostics.UnknownField(item);
            }
        }
    }
}
