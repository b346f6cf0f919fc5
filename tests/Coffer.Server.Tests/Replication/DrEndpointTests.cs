using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Replication;

/// <summary>The <c>sys/replication/*</c> endpoints on one server: modes, refusals and status shapes.</summary>
public sealed class DrEndpointTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Status_NoReplication_ReportsDisabledWithoutAToken()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/replication/status", token: "");
        Assert.Equal(200, status);
        Assert.Equal("disabled", (string?)body!["data"]!["dr"]!["mode"]);
        Assert.Equal("disabled", (string?)body["data"]!["performance"]!["mode"]);
        var (drStatus, dr) = await _server.JsonAsync(HttpMethod.Get, "sys/replication/dr/status", token: "");
        Assert.Equal(200, drStatus);
        Assert.Equal("disabled", (string?)dr!["data"]!["mode"]);
        var (_, health) = await _server.JsonAsync(HttpMethod.Get, "sys/health", token: "");
        Assert.Equal("disabled", (string?)health!["replication_dr_mode"]);
        Assert.Null(health["last_wal"]);
    }

    [Fact]
    public async Task Status_Sealed_StillAnswers()
    {
        await _server.Core.SealAsync(CancellationToken.None);
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/replication/dr/status", token: "");
        Assert.Equal(200, status);
        Assert.Equal("disabled", (string?)body!["data"]!["mode"]);
    }

    [Fact]
    public async Task EnablePrimary_ReportsRunningPrimaryWithALog()
    {
        var (status, enabled) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        Assert.Equal(200, status);
        Assert.Single(enabled!["warnings"]!.AsArray());

        await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/p", new { policy = "path \"x\" { capabilities = [\"read\"] }" });
        var dr = await DrStatusAsync();
        Assert.Equal("primary", (string?)dr["mode"]);
        Assert.Equal("running", (string?)dr["state"]);
        Assert.True(Guid.TryParse((string?)dr["cluster_id"], out _));
        Assert.True((long)dr["last_wal"]! > 0);
        Assert.Equal("", (string?)dr["primary_cluster_addr"]);
        Assert.StartsWith("https://127.0.0.1:", (string?)dr["cluster_address"]);
        Assert.Empty(dr["known_secondaries"]!.AsArray());
        Assert.Equal("-62135596800", (string?)dr["last_corruption_check_epoch"]);
        var (_, health) = await _server.JsonAsync(HttpMethod.Get, "sys/health", token: "");
        Assert.Equal("primary", (string?)health!["replication_dr_mode"]);
        Assert.Equal((long)dr["last_wal"]!, (long)health["last_wal"]!);

        var (again, error) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        Assert.Equal(400, again);
        Assert.Contains("already enabled", (string?)error!["errors"]![0]);
    }

    [Fact]
    public async Task PrimaryEndpoints_WithoutSudo_AreDenied()
    {
        await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/replicator", new
        {
            policy = "path \"sys/replication/dr/primary/*\" { capabilities = [\"create\", \"update\"] }",
        });
        var (_, created) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "replicator" } });
        var token = (string)created!["auth"]!["client_token"]!;

        foreach (var path in new[] { "enable", "secondary-token", "revoke-secondary", "disable", "demote" })
        {
            var (status, _) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/" + path, new { id = "x" }, token);
            Assert.Equal(403, status);
        }

        Assert.Equal("disabled", (string?)(await DrStatusAsync())["mode"]);
    }

    [Fact]
    public async Task PrimaryOperations_OnANonPrimary_SayNotADrPrimary()
    {
        foreach (var (path, body) in new (string, object)[] { ("secondary-token", new { id = "x" }), ("revoke-secondary", new { id = "x" }), ("disable", new { }), ("demote", new { }) })
        {
            var (status, error) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/" + path, body);
            Assert.Equal(400, status);
            Assert.Equal("Not a DR primary.", (string?)error!["errors"]![0]);
        }
    }

    [Fact]
    public async Task SecondaryOperations_OnANonSecondary_SayNotADrSecondary()
    {
        foreach (var path in new[] { "update-primary", "disable", "reindex", "recover" })
        {
            var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/" + path, new { dr_operation_token = "hvb.x" }, token: "");
            Assert.Equal(400, status);
            Assert.Equal("Not a DR secondary.", (string?)body!["errors"]![0]);
        }
    }

    [Fact]
    public async Task EnableSecondary_WithoutPrimaryApiAddress_ExplainsWhyItIsNeeded()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new { token = "hvs.whatever" });
        Assert.Equal(400, status);
        Assert.Contains("primary_api_addr is required", (string?)body!["errors"]![0]);
        Assert.Equal("disabled", (string?)(await DrStatusAsync())["mode"]);
    }

    [Fact]
    public async Task EnableSecondary_UnreachablePrimary_FailsWithoutWiping()
    {
        await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/kept", new { policy = "path \"x\" { capabilities = [\"read\"] }" });
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new
        {
            token = "hvs.whatever", primary_api_addr = "http://127.0.0.1:1",
        });
        Assert.Equal(400, status);
        Assert.StartsWith("error unwrapping secondary token at http://127.0.0.1:1", (string?)body!["errors"]![0]);
        var (kept, _) = await _server.JsonAsync(HttpMethod.Get, "sys/policies/acl/kept");
        Assert.Equal(200, kept);
        Assert.False(_server.Core.IsSealed);
    }

    [Fact]
    public async Task SecondaryToken_IsAWrappingTokenThatUnwrapsToTheActivation()
    {
        await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        var (status, minted) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "dr-1", ttl = "10m" });
        Assert.Equal(200, status);
        Assert.Null(minted!["data"]);
        var info = minted["wrap_info"]!;
        Assert.Equal(600, (int)info["ttl"]!);
        Assert.StartsWith("hvs.", (string?)info["token"]);

        var (unwrapStatus, unwrapped) = await _server.JsonAsync(HttpMethod.Put, "sys/wrapping/unwrap", new { }, token: (string)info["token"]!);
        Assert.Equal(200, unwrapStatus);
        var data = unwrapped!["data"]!;
        Assert.Equal("dr-1", (string?)data["secondary_id"]);
        Assert.Equal(_server.Address, (string?)data["primary_api_addr"]);
        var bundle = Coffer.Replication.ActivationBundle.FromJson((string)data["activation_bundle"]!);
        Assert.Equal("dr-1", bundle.SecondaryId);
        Assert.Equal((string?)(await DrStatusAsync())["cluster_id"], bundle.ClusterId);

        var known = await DrStatusAsync();
        Assert.Equal(["dr-1"], known["known_secondaries"]!.AsArray().Select(n => (string?)n));
        var (duplicate, error) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "dr-1" });
        Assert.Equal(400, duplicate);
        Assert.Contains("already exists", (string?)error!["errors"]![0]);

        var (revoked, _) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/revoke-secondary", new { id = "dr-1" });
        Assert.Equal(204, revoked);
        Assert.Empty((await DrStatusAsync())["known_secondaries"]!.AsArray());
    }

    [Fact]
    public async Task DisablePrimary_ThenEnable_StartsANewReplicationSet()
    {
        await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        var first = (string?)(await DrStatusAsync())["cluster_id"];
        var (disabled, _) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/disable", new { });
        Assert.Equal(204, disabled);
        Assert.Equal("disabled", (string?)(await DrStatusAsync())["mode"]);

        await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        var second = (string?)(await DrStatusAsync())["cluster_id"];
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Demote_MakesTheClusterAReadOnlySecondaryFollowingNobody()
    {
        await _server.JsonAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv" });
        await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        var clusterId = (string?)(await DrStatusAsync())["cluster_id"];

        var (status, demoted) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", new { });
        Assert.Equal(200, status);
        Assert.Single(demoted!["warnings"]!.AsArray());

        var dr = await DrStatusAsync();
        Assert.Equal("secondary", (string?)dr["mode"]);
        Assert.Equal("idle", (string?)dr["state"]);
        Assert.True((bool)dr["demoted"]!);
        Assert.Equal(clusterId, (string?)dr["cluster_id"]);
        var (read, error) = await _server.JsonAsync(HttpMethod.Get, "kv/anything");
        Assert.Equal(400, read);
        Assert.Equal("path disabled in replication DR secondary mode", (string?)error!["errors"]![0]);
        var (write, _) = await _server.JsonAsync(HttpMethod.Post, "kv/anything", new { a = "b" });
        Assert.Equal(400, write);
        var (health, _) = await _server.JsonAsync(HttpMethod.Get, "sys/health", token: "");
        Assert.Equal(472, health);
        var (reindex, refused) = await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/reindex", new { }, token: "");
        Assert.Equal(400, reindex);
        Assert.Equal("DR operation token was not provided", (string?)refused!["errors"]![0]);
    }

    [Fact]
    public async Task DrSecondary_Authenticate_AcceptsRootButRefusesServiceTokens()
    {
        var (_, created) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } });
        var service = (string)created!["auth"]!["client_token"]!;
        await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", new { });

        await Assert.ThrowsAsync<Coffer.Sdk.Errors.CofferException>(() => _server.Core.AuthenticateAsync(service, CancellationToken.None));
        var root = await _server.Core.AuthenticateAsync(_server.RootToken, CancellationToken.None);
        Assert.True(root.IsRoot);
    }

    private async Task<JsonObject> DrStatusAsync()
    {
        var (_, body) = await _server.JsonAsync(HttpMethod.Get, "sys/replication/dr/status", token: "");
        return body!["data"]!.AsObject();
    }
}
