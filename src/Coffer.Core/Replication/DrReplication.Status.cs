using System.Globalization;
using System.Text.Json.Nodes;

namespace Coffer.Core.Replication;

/// <summary>
/// <c>sys/replication/status</c> and <c>sys/replication/dr/status</c>, in Vault's field names and JSON types
/// (WAL indexes as numbers; epochs and the <c>*_ms</c> node fields as strings), plus Coffer's lag fields.
/// </summary>
public sealed partial class DrReplication
{
    /// <summary>Go's zero time in Unix seconds: "never checked".</summary>
    private const string NeverEpoch = "-62135596800";

    /// <summary>The <c>data</c> of <c>sys/replication/status</c>: the DR section and a disabled performance section.</summary>
    public async Task<JsonObject> StatusAsync(CancellationToken cancellationToken) => new()
    {
        ["dr"] = await DrStatusAsync(cancellationToken).ConfigureAwait(false),
        ["performance"] = new JsonObject { ["mode"] = "disabled" },
    };

    /// <summary>The <c>data</c> of <c>sys/replication/dr/status</c>.</summary>
    public async Task<JsonObject> DrStatusAsync(CancellationToken cancellationToken)
    {
        var state = _state;
        return state.Mode switch
        {
            DrMode.Primary => await PrimaryStatusAsync(state, cancellationToken).ConfigureAwait(false),
            DrMode.Secondary => SecondaryStatus(state),
            _ => new JsonObject { ["mode"] = "disabled" },
        };
    }

    /// <summary>The index health reports as <c>last_wal</c>: logged here (primary) or received (secondary).</summary>
    public async Task<long?> LastWalAsync(CancellationToken cancellationToken) => _state.Mode switch
    {
        DrMode.Primary when _provider is not null => (await _provider.GetPrimaryStatusAsync(cancellationToken).ConfigureAwait(false))?.LastWal,
        DrMode.Secondary => _provider?.GetSecondaryStatus()?.LastRemoteWal ?? 0,
        _ => null,
    };

    private async Task<JsonObject> PrimaryStatusAsync(DrStateRecord state, CancellationToken cancellationToken)
    {
        var status = _provider is null ? null : await _provider.GetPrimaryStatusAsync(cancellationToken).ConfigureAwait(false);
        var now = _core.Time.GetUtcNow();
        var secondaries = new JsonArray();
        foreach (var secondary in status?.Secondaries ?? [])
        {
            secondaries.Add(new JsonObject
            {
                ["node_id"] = secondary.Id,
                ["api_address"] = string.Empty,
                ["cluster_address"] = secondary.RemoteAddress,
                ["connection_status"] = secondary.Connected ? "connected" : "disconnected",
                ["last_heartbeat"] = secondary.LastSeen is { } seen ? Rfc3339(seen) : string.Empty,
                ["last_heartbeat_duration_ms"] = secondary.LastSeen is { } last ? Milliseconds(now - last) : "0",
                ["clock_skew_ms"] = "0",
                ["replication_primary_canary_age_ms"] = "0",
                ["last_acked_wal"] = secondary.LastAckedWal,
                ["lag_entries"] = secondary.LagEntries,
                ["lag_seconds"] = Math.Round(secondary.LagSeconds, 3),
            });
        }

        var data = new JsonObject
        {
            ["cluster_id"] = state.ClusterId,
            ["corrupted_merkle_tree"] = false,
            ["known_secondaries"] = new JsonArray([.. (status?.Secondaries ?? []).Select(s => (JsonNode?)s.Id)]),
            ["last_corruption_check_epoch"] = NeverEpoch,
            ["last_dr_wal"] = status?.LastDrWal ?? 0,
            ["last_reindex_epoch"] = "0",
            ["last_wal"] = status?.LastWal ?? 0,
            ["merkle_root"] = string.Empty,
            ["mode"] = "primary",
            ["primary_cluster_addr"] = state.PrimaryClusterAddress,
            ["secondaries"] = secondaries,
            ["ssct_generation_counter"] = 0,
            ["state"] = status is null ? "idle" : "running",
            ["first_retained_wal"] = status?.FirstRetainedWal ?? 0,
            ["cluster_address"] = status?.ClusterAddress ?? string.Empty,
        };
        if (status is null && _primaryError is { } error)
        {
            data["last_error"] = error;
        }

        return data;
    }

    private JsonObject SecondaryStatus(DrStateRecord state)
    {
        var status = state.Activation is null ? null : _provider?.GetSecondaryStatus();
        var connected = status?.ConnectionState == "ready";
        var primaries = new JsonArray();
        if (state.PrimaryClusterAddress.Length > 0)
        {
            primaries.Add(new JsonObject
            {
                ["api_address"] = state.PrimaryApiAddress,
                ["cluster_address"] = state.PrimaryClusterAddress,
                ["connection_status"] = connected ? "connected" : "disconnected",
                ["last_heartbeat"] = status?.LastHeartbeat is { } beat ? Rfc3339(beat) : string.Empty,
                ["last_heartbeat_duration_ms"] = status?.LastHeartbeat is { } last ? Milliseconds(_core.Time.GetUtcNow() - last) : "0",
                ["clock_skew_ms"] = (status?.ClockSkewMilliseconds ?? 0).ToString(CultureInfo.InvariantCulture),
                ["replication_primary_canary_age_ms"] = "0",
            });
        }

        var data = new JsonObject
        {
            ["cluster_id"] = state.ClusterId,
            ["connection_state"] = status?.ConnectionState ?? "shutdown",
            ["corrupted_merkle_tree"] = false,
            ["known_primary_cluster_addrs"] = state.PrimaryClusterAddress.Length > 0 ? new JsonArray(state.PrimaryClusterAddress) : new JsonArray(),
            ["last_corruption_check_epoch"] = NeverEpoch,
            ["last_reindex_epoch"] = status?.LastReindex is { } reindexed
                ? reindexed.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)
                : "0",
            ["last_remote_wal"] = status?.LastRemoteWal ?? 0,
            ["last_start"] = status is null ? string.Empty : Rfc3339(status.LastStart),
            ["merkle_root"] = string.Empty,
            ["mode"] = "secondary",
            ["primaries"] = primaries,
            ["primary_cluster_addr"] = state.PrimaryClusterAddress,
            ["secondary_id"] = state.SecondaryId,
            ["ssct_generation_counter"] = 0,
            ["state"] = status?.State ?? "idle",
            ["demoted"] = state.Demoted,
            ["primary_last_wal"] = status?.PrimaryLastWal ?? 0,
            ["lag_entries"] = status?.LagEntries ?? 0,
            ["lag_seconds"] = Math.Round(status?.LagSeconds ?? 0, 3),
            ["reindex_in_progress"] = status?.ReindexInProgress ?? false,
        };
        if (status is { ReindexInProgress: true })
        {
            data["reindex_stage"] = "building";
            data["reindex_building_progress"] = status.ReindexKeysDone;
            data["reindex_building_total"] = status.ReindexKeysTotal;
        }

        if (status?.LastError is { } error)
        {
            data["last_error"] = error;
        }

        return data;
    }

    private static string Rfc3339(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan span) =>
        ((long)Math.Max(0, span.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
}
