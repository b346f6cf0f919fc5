using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.DrTests;

/// <summary>
/// A file-backed primary and a file-backed secondary, each a real <c>coffer server</c> process, taken through the
/// whole DR set-up: enable the primary, mint an activation token, enable the secondary with it, unseal the secondary
/// with the primary's keys, and watch data, tokens and policies replicate.
/// </summary>
[Trait("Category", "Process")]
public sealed class DrPairTests : IAsyncLifetime
{
    private const string DrPolicy = """
        path "sys/replication/dr/secondary/promote" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/update-primary" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/reindex" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/disable" { capabilities = ["update"] }
        """;

    private DrNodePair? _pair;

    private DrNode Primary => _pair!.First;

    private DrNode Secondary => _pair!.Second;

    public async ValueTask InitializeAsync() =>
        _pair = await DrNodePair.StartAsync("primary", (3, 2), "secondary", (1, 1));

    public async ValueTask DisposeAsync()
    {
        if (_pair is not null)
        {
            await _pair.DisposeAsync();
        }
    }

    [Fact(Timeout = 180_000)]
    public async Task PrimaryAndSecondary_WholeLifecycle_ReplicatesAndStaysReadOnly()
    {
        var ct = TestContext.Current.CancellationToken;
        // The primary, with data of every kind written before and after it becomes a primary.
        await Primary.SendAsync(HttpMethod.Post, "sys/mounts/secret", new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = "2" } });
        await WriteSecretAsync("v1");
        var enabled = await Primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", []);
        Assert.NotEmpty(enabled["warnings"]!.AsArray());
        await WriteDrPolicyAndRoleAsync();
        var batch = await CreateBatchTokenAsync();
        var service = (string)(await Primary.SendAsync(HttpMethod.Post, "auth/token/create", new JsonObject { ["policies"] = new JsonArray("default") }))["auth"]!["client_token"]!;
        await WriteSecretAsync("v2");

        var primaryStatus = await Primary.DrStatusAsync();
        Assert.Equal("primary", (string?)primaryStatus["mode"]);
        Assert.Equal("running", (string?)primaryStatus["state"]);
        var clusterId = (string)primaryStatus["cluster_id"]!;

        ct.ThrowIfCancellationRequested();

        // The activation token is an ordinary response-wrapping token living the default 30 minutes.
        var activation = await MintActivationAsync("dr-b");
        var activationInfo = (JsonObject)(await Primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = "dr-probe" }))["wrap_info"]!;
        Assert.Equal(1800, (int)activationInfo["ttl"]!);
        Assert.Equal("sys/replication/dr/primary/secondary-token", (string?)activationInfo["creation_path"]);

        ct.ThrowIfCancellationRequested();

        // Enabling the secondary wipes it, seals it and starts the first copy.
        var secondaryEnabled = await Secondary.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new JsonObject
        {
            ["token"] = activation, ["primary_api_addr"] = Primary.Address,
        });
        Assert.NotEmpty(secondaryEnabled["warnings"]!.AsArray());
        var health = await Secondary.ExpectAsync(HttpStatusCode.ServiceUnavailable, HttpMethod.Get, "sys/health", token: "");
        Assert.Equal("secondary", (string?)health["replication_dr_mode"]);
        Assert.True((bool)health["initialized"]!);
        var synced = await WaitForCopyAsync();
        Assert.Equal(clusterId, (string?)synced["cluster_id"]);
        Assert.Equal("dr-b", (string?)synced["secondary_id"]);
        Assert.Equal(Primary.Address, (string?)synced["primaries"]![0]!["api_address"]);

        ct.ThrowIfCancellationRequested();

        // The secondary now holds the primary's seal: only the primary's keys (2 of 3) unseal it.
        var sealStatus = await Secondary.SendAsync(HttpMethod.Get, "sys/seal-status", token: "");
        Assert.Equal(2, (int)sealStatus["t"]!);
        Assert.Equal(3, (int)sealStatus["n"]!);
        await Secondary.UnsealAsync(Primary.UnsealKeys.Take(2).ToList());

        ct.ThrowIfCancellationRequested();

        // Read-only: 472 health, ordinary paths refused before any token check, status without a token.
        health = await Secondary.ExpectAsync((HttpStatusCode)472, HttpMethod.Get, "sys/health", token: "");
        Assert.Equal("secondary", (string?)health["replication_dr_mode"]);
        await Secondary.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "sys/health?drsecondarycode=200", token: "");
        await AssertDisabledAsync(HttpMethod.Get, "secret/data/app", Primary.RootToken);
        await AssertDisabledAsync(HttpMethod.Get, "auth/token/lookup-self", service);
        await AssertDisabledAsync(HttpMethod.Get, "sys/mounts", "");
        await AssertDisabledAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", Primary.RootToken);
        var overall = await Secondary.SendAsync(HttpMethod.Get, "sys/replication/status", token: "");
        Assert.Equal("secondary", (string?)overall["data"]!["dr"]!["mode"]);
        Assert.Equal("disabled", (string?)overall["data"]!["performance"]!["mode"]);

        ct.ThrowIfCancellationRequested();

        // Writes on the primary keep arriving; both sides report the same position and no lag.
        await WriteSecretAsync("v3");
        await WaitForCatchUpAsync();
        // The primary learns the secondary's position from its acknowledgements, which follow each heartbeat.
        var lagged = await Eventually.ValueAsync(
            Primary.DrStatusAsync, s => (long)s["secondaries"]![0]!["lag_entries"]! == 0, TimeSpan.FromSeconds(30), "the primary to see the secondary caught up");
        Assert.Equal("connected", (string?)lagged["secondaries"]![0]!["connection_status"]);
        Assert.Equal((long)lagged["last_wal"]!, (long)lagged["secondaries"]![0]!["last_acked_wal"]!);
        Assert.Equal(0.0, (double)lagged["secondaries"]![0]!["lag_seconds"]!);
        Assert.Contains("dr-b", lagged["known_secondaries"]!.AsArray().Select(n => (string?)n));

        ct.ThrowIfCancellationRequested();

        // DR operations need a batch DR operation token in the body: none, a service token, a token without the
        // capability are refused; the batch token minted on the primary is valid here.
        var missing = await Secondary.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "sys/replication/dr/secondary/reindex", [], token: "");
        Assert.Equal("DR operation token was not provided", (string?)missing["errors"]![0]);
        await Secondary.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "sys/replication/dr/secondary/reindex", new JsonObject { ["dr_operation_token"] = service }, token: "");
        await Secondary.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Post, "sys/replication/dr/secondary/recover", new JsonObject { ["dr_operation_token"] = batch }, token: "");
        var reindexed = await Secondary.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/reindex", new JsonObject { ["dr_operation_token"] = batch }, token: "");
        Assert.NotEmpty(reindexed["warnings"]!.AsArray());
        await WaitForCatchUpAsync();

        ct.ThrowIfCancellationRequested();

        // The activation token is single-use, and an expired one is refused by the primary.
        var reused = await Secondary.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "sys/replication/dr/secondary/update-primary", new JsonObject
        {
            ["dr_operation_token"] = batch, ["token"] = activation, ["primary_api_addr"] = Primary.Address,
        }, token: "");
        Assert.StartsWith("error response unwrapping secondary token; status code is 403", (string?)reused["errors"]![0]);
        Assert.Contains("invalid token", (string?)reused["errors"]![0]);
        var shortLived = await MintActivationAsync("dr-short", ttl: "1s");
        await Task.Delay(TimeSpan.FromSeconds(2.5), ct);
        var expired = await Secondary.ExpectAsync(HttpStatusCode.BadRequest, HttpMethod.Post, "sys/replication/dr/secondary/update-primary", new JsonObject
        {
            ["dr_operation_token"] = batch, ["token"] = shortLived, ["primary_api_addr"] = Primary.Address,
        }, token: "");
        Assert.StartsWith("error response unwrapping secondary token; status code is 403", (string?)expired["errors"]![0]);
        Assert.Contains("token expired at", (string?)expired["errors"]![0]);

        ct.ThrowIfCancellationRequested();

        // A keyring rotation on the primary replicates: a batch token sealed under the new term validates here, and
        // update-primary moves the secondary to new credentials without a wipe.
        await Primary.SendAsync(HttpMethod.Put, "sys/rotate", []);
        var rotatedBatch = await CreateBatchTokenAsync();
        await WaitForCatchUpAsync();
        await Secondary.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "sys/replication/dr/secondary/update-primary", new JsonObject
        {
            ["dr_operation_token"] = rotatedBatch, ["token"] = await MintActivationAsync("dr-b2"), ["primary_api_addr"] = Primary.Address,
        }, token: "");
        await WriteSecretAsync("v4");
        var moved = await WaitForCatchUpAsync();
        Assert.Equal("dr-b2", (string?)moved["secondary_id"]);

        ct.ThrowIfCancellationRequested();

        // A secondary killed mid-stream resumes where it stopped: sealed after the restart, it catches up first.
        await Secondary.KillAsync();
        await WriteSecretAsync("v5");
        await Secondary.StartProcessAsync();
        await WaitForCatchUpAsync();
        await Secondary.ExpectAsync(HttpStatusCode.ServiceUnavailable, HttpMethod.Get, "sys/health", token: "");
        await Secondary.UnsealAsync(Primary.UnsealKeys.Skip(1).ToList());
        await Secondary.ExpectAsync((HttpStatusCode)472, HttpMethod.Get, "sys/health", token: "");

        ct.ThrowIfCancellationRequested();

        // A primary restarted resumes its log: the secondary reconnects and streams on, without a new copy.
        var epoch = (string?)(await Secondary.DrStatusAsync())["last_reindex_epoch"];
        await Primary.KillAsync();
        await Primary.StartProcessAsync();
        await Primary.UnsealAsync();
        await WriteSecretAsync("v6");
        await WaitForCatchUpAsync();
        Assert.Equal(epoch, (string?)(await Secondary.DrStatusAsync())["last_reindex_epoch"]);

        ct.ThrowIfCancellationRequested();

        // The CLI shows each side's view.
        await AssertCliStatusAsync(Primary, "primary", "running");
        await AssertCliStatusAsync(Secondary, "secondary", "stream-wals");

        ct.ThrowIfCancellationRequested();

        // Disabling the secondary leaves a cluster serving the primary's data, tokens and policies.
        await Secondary.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "sys/replication/dr/secondary/disable", new JsonObject { ["dr_operation_token"] = batch }, token: "");
        await Secondary.ExpectAsync(HttpStatusCode.OK, HttpMethod.Get, "sys/health", token: "");
        var secret = await Secondary.SendAsync(HttpMethod.Get, "secret/data/app", token: Primary.RootToken);
        Assert.Equal("v6", (string?)secret["data"]!["data"]!["password"]);
        var policies = await Secondary.SendAsync(HttpMethod.Get, "sys/policies/acl?list=true", token: Primary.RootToken);
        Assert.Contains("dr-secondary-promotion", policies["data"]!["keys"]!.AsArray().Select(n => (string?)n));
        var role = await Secondary.SendAsync(HttpMethod.Get, "auth/token/roles/failover-handler", token: Primary.RootToken);
        Assert.Equal("batch", (string?)role["data"]!["token_type"]);
        var lookup = await Secondary.SendAsync(HttpMethod.Get, "auth/token/lookup-self", token: service);
        Assert.Equal("default", (string?)lookup["data"]!["policies"]![0]);
        var batchLookup = await Secondary.SendAsync(HttpMethod.Get, "auth/token/lookup-self", token: rotatedBatch);
        Assert.Contains("dr-secondary-promotion", batchLookup["data"]!["policies"]!.AsArray().Select(n => (string?)n));
        await Secondary.ExpectAsync(HttpStatusCode.Forbidden, HttpMethod.Get, "secret/data/app", token: Secondary.RootToken);
    }

    [Fact(Timeout = 180_000)]
    public async Task RevokedSecondary_StopsReceiving()
    {
        var ct = TestContext.Current.CancellationToken;
        await WriteDrPolicyAndRoleAsync("path \"sys/replication/dr/secondary/recover\" { capabilities = [\"update\"] }");
        await Primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", []);
        await Secondary.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new JsonObject
        {
            ["token"] = await MintActivationAsync("dr-b"), ["primary_api_addr"] = Primary.Address,
        });
        await WaitForCopyAsync();

        await Primary.ExpectAsync(HttpStatusCode.NoContent, HttpMethod.Post, "sys/replication/dr/primary/revoke-secondary", new JsonObject { ["id"] = "dr-b" });
        var stopped = await Eventually.ValueAsync(
            Secondary.DrStatusAsync, s => (string?)s["connection_state"] == "shutdown", TimeSpan.FromSeconds(30), "the secondary to be cut off");
        Assert.Equal("idle", (string?)stopped["state"]);
        var before = (long)stopped["last_remote_wal"]!;

        await Primary.SendAsync(HttpMethod.Put, "sys/policies/acl/after-revocation", new JsonObject { ["policy"] = "path \"x\" { capabilities = [\"read\"] }" });
        var primaryStatus = await Primary.DrStatusAsync();
        Assert.True((long)primaryStatus["last_wal"]! > before);
        Assert.Empty(primaryStatus["known_secondaries"]!.AsArray());
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.Equal(before, (long)(await Secondary.DrStatusAsync())["last_remote_wal"]!);

        ct.ThrowIfCancellationRequested();

        // Recovering does not get a revoked secondary back in.
        await Secondary.UnsealAsync(Primary.UnsealKeys.Take(2).ToList());
        var batch = await CreateBatchTokenAsync();
        await Secondary.SendAsync(HttpMethod.Post, "sys/replication/dr/secondary/recover", new JsonObject { ["dr_operation_token"] = batch }, token: "");
        await Eventually.ValueAsync(Secondary.DrStatusAsync, s => (string?)s["connection_state"] == "shutdown", TimeSpan.FromSeconds(30), "the revoked secondary to be refused again");
        Assert.Equal(before, (long)(await Secondary.DrStatusAsync())["last_remote_wal"]!);
    }

    private async Task WriteSecretAsync(string value) =>
        await Primary.SendAsync(HttpMethod.Post, "secret/data/app", new JsonObject { ["data"] = new JsonObject { ["password"] = value } });

    private async Task<string> CreateBatchTokenAsync()
    {
        var created = await Primary.SendAsync(HttpMethod.Post, "auth/token/create/failover-handler", new JsonObject { ["ttl"] = "8h" });
        var token = (string)created["auth"]!["client_token"]!;
        Assert.StartsWith("hvb.", token);
        return token;
    }

    /// <summary>The user story's policy and batch token role, plus <paramref name="extraRules"/>.</summary>
    private async Task WriteDrPolicyAndRoleAsync(string extraRules = "")
    {
        await Primary.SendAsync(HttpMethod.Put, "sys/policies/acl/dr-secondary-promotion", new JsonObject { ["policy"] = DrPolicy + "\n" + extraRules });
        await Primary.SendAsync(HttpMethod.Post, "auth/token/roles/failover-handler", new JsonObject
        {
            ["allowed_policies"] = "dr-secondary-promotion", ["orphan"] = true, ["renewable"] = false, ["token_type"] = "batch",
        });
    }

    private async Task<string> MintActivationAsync(string id, string? ttl = null)
    {
        var body = new JsonObject { ["id"] = id };
        if (ttl is not null)
        {
            body["ttl"] = ttl;
        }

        var minted = await Primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", body);
        Assert.Null(minted["data"]);
        return (string)minted["wrap_info"]!["token"]!;
    }

    /// <summary>Waits for the secondary's first complete copy (a re-index epoch and streaming), sealed or not.</summary>
    private Task<JsonObject> WaitForCopyAsync() =>
        Eventually.ValueAsync(
            Secondary.DrStatusAsync,
            s => (string?)s["last_reindex_epoch"] != "0" && (string?)s["state"] == "stream-wals",
            TimeSpan.FromSeconds(30), "the secondary's first copy");

    /// <summary>Waits until the secondary has received everything the primary has logged.</summary>
    private async Task<JsonObject> WaitForCatchUpAsync()
    {
        var target = (long)(await Primary.DrStatusAsync())["last_wal"]!;
        return await Eventually.ValueAsync(
            Secondary.DrStatusAsync,
            s => (string?)s["state"] == "stream-wals" && (long)s["last_remote_wal"]! >= target && (bool)s["reindex_in_progress"]! == false,
            TimeSpan.FromSeconds(30), $"the secondary to reach index {target}");
    }

    private async Task AssertDisabledAsync(HttpMethod method, string path, string token)
    {
        var refused = await Secondary.ExpectAsync(HttpStatusCode.BadRequest, method, path, method == HttpMethod.Get ? null : [], token);
        Assert.Equal("path disabled in replication DR secondary mode", (string?)refused["errors"]![0]);
    }

    private static async Task AssertCliStatusAsync(DrNode node, string mode, string state)
    {
        var result = await CofferExecutable.RunShellAsync(
            "coffer operator replication status",
            new Dictionary<string, string> { ["VAULT_ADDR"] = node.Address, ["HOME"] = Path.GetTempPath() },
            TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("DR Replication", result.Stdout);
        Assert.Contains("Performance Replication", result.Stdout);
        Assert.Matches($@"(?m)^mode\s+{mode}\s*$", result.Stdout);
        Assert.Matches($@"(?m)^state\s+{state}\s*$", result.Stdout);
    }
}
