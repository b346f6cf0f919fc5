using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Replication;

/// <summary>
/// <c>sys/replication/dr/secondary/promote</c> and DR operation tokens on the integrated-storage paths, on in-process
/// servers over in-memory storage (no Raft, so the Raft paths end in their "not integrated storage" error once the
/// DR operation token has been accepted).
/// </summary>
public sealed class PromoteTests : IAsyncLifetime
{
    /// <summary>The user story's policy, plus the Raft configuration for the body-token tests.</summary>
    private const string DrPolicy = """
        path "sys/replication/dr/secondary/promote" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/update-primary" { capabilities = ["update"] }
        path "sys/storage/raft/autopilot/state" { capabilities = ["update", "read"] }
        path "sys/storage/raft/configuration" { capabilities = ["update"] }
        """;

    private const string NotIntegratedStorage = "integrated storage (raft) is not in use";

    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Promote_OnAPrimaryOrADisabledCluster_SaysNotADrSecondary()
    {
        var batch = await PrepareDrTokenAsync(_server);
        var (disabled, body) = await _server.JsonAsync(HttpMethod.Put, "sys/replication/dr/secondary/promote", new { dr_operation_token = batch }, token: "");
        Assert.Equal(400, disabled);
        Assert.Equal("Not a DR secondary.", (string?)body!["errors"]![0]);

        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        var (primary, error) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/promote", new { dr_operation_token = batch }, token: "");
        Assert.Equal(400, primary);
        Assert.Equal("Not a DR secondary.", (string?)error!["errors"]![0]);
        Assert.Equal("primary", (string?)(await DrStatusAsync(_server))["mode"]);
    }

    [Fact]
    public async Task Promote_DemotedPrimaryWithTheBatchToken_BecomesAPrimaryOfTheSameSetAcceptingWrites()
    {
        var batch = await PrepareDrTokenAsync(_server);
        await Send(_server, HttpMethod.Post, "sys/mounts/kv", new { type = "kv" });
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        var clusterId = (string?)(await DrStatusAsync(_server))["cluster_id"];
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/demote", new { });

        // An X-Vault-Token is ignored: the path is unauthenticated and the body's token decides.
        var (status, promoted) = await _server.JsonAsync(HttpMethod.Put, "sys/replication/dr/secondary/promote", new { dr_operation_token = batch }, token: "hvs.ignored");
        Assert.True(status == 200, promoted?.ToJsonString());
        Assert.Null(promoted!["data"]);
        var warning = (string?)Assert.Single(promoted["warnings"]!.AsArray());
        Assert.Contains("being promoted to a replication primary", warning);

        var dr = await DrStatusAsync(_server);
        Assert.Equal("primary", (string?)dr["mode"]);
        Assert.Equal("running", (string?)dr["state"]);
        Assert.Equal(clusterId, (string?)dr["cluster_id"]);
        var (_, health) = await _server.JsonAsync(HttpMethod.Get, "sys/health", token: "");
        Assert.Equal("primary", (string?)health!["replication_dr_mode"]);

        // Writes, ordinary tokens and the batch token as an X-Vault-Token all work again.
        await Send(_server, HttpMethod.Post, "kv/after-promotion", new { value = "written" });
        var (read, secret) = await _server.JsonAsync(HttpMethod.Get, "kv/after-promotion");
        Assert.Equal(200, read);
        Assert.Equal("written", (string?)secret!["data"]!["value"]);
        var (lookup, self) = await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: batch);
        Assert.Equal(200, lookup);
        Assert.Contains("dr", self!["data"]!["policies"]!.AsArray().Select(p => (string?)p));
        var (_, minted) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "next" });
        Assert.NotNull(minted!["wrap_info"]);

        var (again, refused) = await _server.JsonAsync(HttpMethod.Put, "sys/replication/dr/secondary/promote", new { dr_operation_token = batch }, token: "");
        Assert.Equal(400, again);
        Assert.Equal("Not a DR secondary.", (string?)refused!["errors"]![0]);
    }

    [Fact]
    public async Task Promote_OnASecondary_NeedsAValidDrOperationToken()
    {
        var batch = await PrepareDrTokenAsync(_server);
        var service = (string)(await Send(_server, HttpMethod.Post, "auth/token/create", new { policies = new[] { "dr" } }))!["auth"]!["client_token"]!;
        var unprivileged = await CreateBatchTokenAsync(_server, "none", "path \"secret/*\" { capabilities = [\"update\"] }", "1h");
        var shortLived = await CreateBatchTokenAsync(_server, "brief", DrPolicy, "1s");
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/demote", new { });
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var (missing, missingBody) = await _server.JsonAsync(HttpMethod.Put, "sys/replication/dr/secondary/promote", new { }, token: _server.RootToken);
        Assert.Equal(400, missing);
        Assert.Equal("DR operation token was not provided", (string?)missingBody!["errors"]![0]);
        foreach (var token in new[] { service, unprivileged, shortLived, batch + "x" })
        {
            var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/replication/dr/secondary/promote", new { dr_operation_token = token }, token: "");
            Assert.True(status == 403, body?.ToJsonString());
            Assert.Contains("permission denied", body!["errors"]!.ToJsonString());
        }

        var (bad, badAddress) = await _server.JsonAsync(HttpMethod.Put, "sys/replication/dr/secondary/promote", new { dr_operation_token = batch, primary_cluster_addr = "ftp://x" }, token: "");
        Assert.Equal(400, bad);
        Assert.Contains("primary_cluster_addr", (string?)badAddress!["errors"]![0]);
        Assert.Equal("secondary", (string?)(await DrStatusAsync(_server))["mode"]);
    }

    [Fact]
    public async Task RaftPaths_OnASecondary_TakeTheDrOperationTokenInTheBodyOfAWrite()
    {
        var batch = await PrepareDrTokenAsync(_server);
        var service = (string)(await Send(_server, HttpMethod.Post, "auth/token/create", new { policies = new[] { "dr" } }))!["auth"]!["client_token"]!;
        var stateOnly = await CreateBatchTokenAsync(_server, "state-only", "path \"sys/storage/raft/autopilot/state\" { capabilities = [\"read\"] }", "1h");
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/demote", new { });

        // Authorised: the request reaches the handler, which reports that this server has no Raft.
        foreach (var path in new[] { "sys/storage/raft/configuration", "sys/storage/raft/autopilot/state" })
        {
            var (status, body) = await _server.JsonAsync(HttpMethod.Put, path, new { dr_operation_token = batch }, token: "");
            Assert.True(status == 400, $"{path}: {body?.ToJsonString()}");
            Assert.Contains(NotIntegratedStorage, (string?)body!["errors"]![0]);
        }

        // The token is checked first: missing, lacking update on the path, or not a batch token.
        var (missing, missingBody) = await _server.JsonAsync(HttpMethod.Put, "sys/storage/raft/configuration", new { }, token: batch);
        Assert.Equal(400, missing);
        Assert.Equal("DR operation token was not provided", (string?)missingBody!["errors"]![0]);
        foreach (var (path, token) in new[]
        {
            ("sys/storage/raft/remove-peer", batch), ("sys/storage/raft/autopilot/configuration", batch),
            ("sys/storage/raft/autopilot/state", stateOnly), ("sys/storage/raft/configuration", service),
        })
        {
            var request = path.EndsWith("remove-peer", StringComparison.Ordinal)
                ? new JsonObject { ["dr_operation_token"] = token, ["server_id"] = "node-x" }
                : new JsonObject { ["dr_operation_token"] = token };
            var (status, body) = await _server.JsonAsync(HttpMethod.Put, path, request, token: "");
            Assert.True(status == 403, $"{path}: {body?.ToJsonString()}");
        }
    }

    [Fact]
    public async Task AutopilotStateGet_OnASecondary_AcceptsABatchTokenAsXVaultToken()
    {
        var batch = await PrepareDrTokenAsync(_server);
        var service = (string)(await Send(_server, HttpMethod.Post, "auth/token/create", new { policies = new[] { "dr" } }))!["auth"]!["client_token"]!;
        var noRead = await CreateBatchTokenAsync(_server, "promote-only", "path \"sys/replication/dr/secondary/promote\" { capabilities = [\"update\"] }", "1h");
        var shortLived = await CreateBatchTokenAsync(_server, "brief", DrPolicy, "1s");
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/demote", new { });
        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/storage/raft/autopilot/state", token: batch);
        Assert.True(status == 400, body?.ToJsonString());
        Assert.Contains(NotIntegratedStorage, (string?)body!["errors"]![0]);

        foreach (var token in new[] { service, noRead, shortLived, "" })
        {
            var (refused, error) = await _server.JsonAsync(HttpMethod.Get, "sys/storage/raft/autopilot/state", token: token);
            Assert.True(refused == 403, $"{token.Length}: {error?.ToJsonString()}");
        }

        // Still only the allow-listed paths: the batch token does not open the rest of the API.
        var (other, disabled) = await _server.JsonAsync(HttpMethod.Get, "sys/policies/acl/dr", token: batch);
        Assert.Equal(400, other);
        Assert.Equal("path disabled in replication DR secondary mode", (string?)disabled!["errors"]![0]);
    }

    [Fact]
    public async Task RaftPaths_NotASecondary_KeepTheOrdinaryTokenCheck()
    {
        var batch = await PrepareDrTokenAsync(_server);
        var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/storage/raft/configuration", new { dr_operation_token = batch }, token: "");
        Assert.Equal(403, status);
        var (withRoot, error) = await _server.JsonAsync(HttpMethod.Put, "sys/storage/raft/configuration", new { }, token: _server.RootToken);
        Assert.Equal(400, withRoot);
        Assert.Contains(NotIntegratedStorage, (string?)error!["errors"]![0]);
        Assert.NotNull(body);
    }

    [Fact]
    public async Task Promote_UnderConcurrentReads_NeverAnswersAMountedPathWith404()
    {
        var batch = await PrepareDrTokenAsync(_server);
        await Send(_server, HttpMethod.Post, "sys/mounts/kv", new { type = "kv" });
        await Send(_server, HttpMethod.Post, "kv/app", new { value = "kept" });
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        await Send(_server, HttpMethod.Post, "sys/replication/dr/primary/demote", new { });

        // Until promoted the read is refused (400); once promoted it succeeds; while the mounts are rebuilt it must
        // never look as if the path did not exist.
        using var stop = new CancellationTokenSource();
        var statuses = new List<int>();
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, _) = await _server.JsonAsync(HttpMethod.Get, "kv/app");
                lock (statuses)
                {
                    statuses.Add(status);
                }
            }
        });
        var (promoted, body) = await _server.JsonAsync(HttpMethod.Put, "sys/replication/dr/secondary/promote", new { dr_operation_token = batch }, token: "");
        Assert.True(promoted == 200, body?.ToJsonString());
        await Task.Delay(200);
        await stop.CancelAsync();
        await reader;

        Assert.DoesNotContain(404, statuses);
        Assert.Equal(200, statuses[^1]);
    }

    /// <summary>The user story's role on <paramref name="server"/> (policy "dr"), and a batch token from it.</summary>
    private static Task<string> PrepareDrTokenAsync(TestServer server) => CreateBatchTokenAsync(server, "dr", DrPolicy, "1h");

    private static async Task<string> CreateBatchTokenAsync(TestServer server, string name, string policy, string ttl)
    {
        await Send(server, HttpMethod.Put, "sys/policies/acl/" + name, new { policy });
        await Send(server, HttpMethod.Post, "auth/token/roles/" + name, new { allowed_policies = name, orphan = true, renewable = false, token_type = "batch" });
        var created = await Send(server, HttpMethod.Post, "auth/token/create/" + name, new { ttl });
        var token = (string)created!["auth"]!["client_token"]!;
        Assert.StartsWith("hvb.", token);
        return token;
    }

    internal static async Task<JsonObject?> Send(TestServer server, HttpMethod method, string path, object body)
    {
        var (status, response) = await server.JsonAsync(method, path, body);
        Assert.True(status is >= 200 and < 300, $"{method} {path}: {status} {response?.ToJsonString()}");
        return response;
    }

    internal static async Task<JsonObject> DrStatusAsync(TestServer server)
    {
        var (_, body) = await server.JsonAsync(HttpMethod.Get, "sys/replication/dr/status", token: "");
        return body!["data"]!.AsObject();
    }
}
