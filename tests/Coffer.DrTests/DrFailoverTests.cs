using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;
using Coffer.Testing.UserStory;

namespace Coffer.DrTests;

/// <summary>
/// The graceful failover runbook on two file-backed <c>coffer server</c> processes, with one batch DR operation
/// token made on the original primary from the user story's role: demote A, promote B, attach A to B with
/// <c>update-primary</c> (no wipe), then fail back with the CLI. Nothing acknowledged is lost in either direction.
/// </summary>
[Trait("Category", "Process")]
public sealed class DrFailoverTests : IAsyncLifetime
{
    private DrNodePair? _pair;

    private DrNode A => _pair!.First;

    private DrNode B => _pair!.Second;

    public async ValueTask InitializeAsync() =>
        _pair = await DrNodePair.StartAsync("a", (3, 2), "b", (1, 1));

    public async ValueTask DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task GracefulFailover_DemotePromoteUpdatePrimary_LosesNoAcknowledgedWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        // Set-up on A: data, the user story's policy and role, a batch DR operation token, and B as its secondary.
        await A.SendAsync(HttpMethod.Post, "sys/mounts/secret", new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = "2" } });
        await A.SendAsync(HttpMethod.Put, "sys/policies/acl/dr-secondary-promotion", new JsonObject { ["policy"] = UserStoryPolicies.DrSecondaryPromotion });
        await A.SendAsync(HttpMethod.Post, "auth/token/roles/failover-handler", new JsonObject
        {
            ["allowed_policies"] = "dr-secondary-promotion", ["orphan"] = true, ["renewable"] = false, ["token_type"] = "batch",
        });
        var batch = (string)(await A.SendAsync(HttpMethod.Post, "auth/token/create/failover-handler", new JsonObject { ["ttl"] = "8h" }))["auth"]!["client_token"]!;
        Assert.StartsWith("hvb.", batch);
        await A.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", []);
        var clusterId = (string)(await A.DrStatusAsync())["cluster_id"]!;
        await B.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new JsonObject
        {
            ["token"] = await MintActivationAsync(A, "dr-b"), ["primary_api_addr"] = A.Address,
        });
        await Eventually.ValueAsync(B.DrStatusAsync, s => (string?)s["last_reindex_epoch"] != "0" && (string?)s["state"] == "stream-wals", TimeSpan.FromSeconds(30), "B's first copy");
        await B.UnsealAsync(A.UnsealKeys.Take(2).ToList());

        ct.ThrowIfCancellationRequested();

        // Writes acknowledged by A while B streams.
        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            await WriteAsync(A, $"app-{i}", $"v{i}", A.RootToken);
            acknowledged.Add($"app-{i}");
        }

        await WaitForCatchUpAsync(from: A, to: B);

        ct.ThrowIfCancellationRequested();

        // The batch token as X-Vault-Token on the secondary: the user story's autopilot read (B has no Raft).
        var autopilot = await B.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Get, "sys/storage/raft/autopilot/state", token: batch);
        Assert.Contains("integrated storage (raft) is not in use", (string?)autopilot["errors"]![0]);

        ct.ThrowIfCancellationRequested();

        // Demote A, then promote B once it sees A gone (the split-brain guard refuses while A still streams).
        await A.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", []);
        await Eventually.ValueAsync(B.DrStatusAsync, s => (string?)s["connection_state"] != "ready", TimeSpan.FromSeconds(30), "B to lose its demoted primary");
        var promoted = await B.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/promote", new JsonObject { ["dr_operation_token"] = batch }, token: "");
        Assert.Contains("promoted", (string?)promoted["warnings"]![0]);
        var bStatus = await Eventually.ValueAsync(B.DrStatusAsync, s => (string?)s["state"] == "running", TimeSpan.FromSeconds(30), "B to serve as the primary");
        Assert.Equal("primary", (string?)bStatus["mode"]);
        Assert.Equal(clusterId, (string?)bStatus["cluster_id"]);
        foreach (var (key, index) in acknowledged.Select((k, i) => (k, i)))
        {
            Assert.Equal($"v{index}", await ReadAsync(B, key, A.RootToken));
        }

        ct.ThrowIfCancellationRequested();

        // A follows B with the same batch token, without a wipe, and receives B's writes.
        await A.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "sys/replication/dr/secondary/update-primary", new JsonObject
        {
            ["dr_operation_token"] = batch, ["token"] = await MintActivationAsync(B, "dr-a", A.RootToken), ["primary_api_addr"] = B.Address,
        }, token: "");
        await WriteAsync(B, "after-failover", "from-b", A.RootToken);
        var aStatus = await WaitForCatchUpAsync(from: B, to: A);
        Assert.Equal(clusterId, (string?)aStatus["cluster_id"]);
        Assert.Equal("dr-a", (string?)aStatus["secondary_id"]);

        ct.ThrowIfCancellationRequested();

        // Fail back with the CLI's generic write: B's write is on A.
        await B.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", [], A.RootToken);
        await Eventually.ValueAsync(A.DrStatusAsync, s => (string?)s["connection_state"] != "ready", TimeSpan.FromSeconds(30), "A to lose its demoted primary");
        var cli = await CofferExecutable.RunShellAsync(
            $"coffer write sys/replication/dr/secondary/promote dr_operation_token={batch}",
            new Dictionary<string, string> { ["VAULT_ADDR"] = A.Address, ["HOME"] = _pair!.Directory },
            TimeSpan.FromSeconds(60));
        Assert.True(cli.ExitCode == 0, cli.ToString());
        Assert.Contains("promoted", cli.Stdout + cli.Stderr);
        await Eventually.ValueAsync(A.DrStatusAsync, s => (string?)s["mode"] == "primary" && (string?)s["state"] == "running", TimeSpan.FromSeconds(30), "A to serve as the primary again");
        Assert.Equal("from-b", await ReadAsync(A, "after-failover", A.RootToken));
        Assert.Equal("v19", await ReadAsync(A, "app-19", A.RootToken));
    }

    private static async Task WriteAsync(DrNode node, string key, string value, string token) =>
        await node.SendAsync(HttpMethod.Post, "secret/data/" + key, new JsonObject { ["data"] = new JsonObject { ["value"] = value } }, token);

    private static async Task<string?> ReadAsync(DrNode node, string key, string token) =>
        (string?)(await node.SendAsync(HttpMethod.Get, "secret/data/" + key, token: token))["data"]!["data"]!["value"];

    private static async Task<string> MintActivationAsync(DrNode primary, string id, string? token = null)
    {
        var minted = await primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = id }, token);
        return (string)minted["wrap_info"]!["token"]!;
    }

    /// <summary>Waits until <paramref name="to"/> streams and has received everything <paramref name="from"/> logged.</summary>
    private static async Task<JsonObject> WaitForCatchUpAsync(DrNode from, DrNode to)
    {
        var target = (long)(await from.DrStatusAsync())["last_wal"]!;
        return await Eventually.ValueAsync(
            to.DrStatusAsync,
            s => (string?)s["state"] == "stream-wals" && (long)s["last_remote_wal"]! >= target && (bool)s["reindex_in_progress"]! == false,
            TimeSpan.FromSeconds(30), $"{to.Name} to reach {from.Name}'s index {target}");
    }
}
