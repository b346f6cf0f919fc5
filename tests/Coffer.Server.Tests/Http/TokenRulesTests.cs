using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>TTL, use-count and role rules of token creation, and policies applying on the next request.</summary>
public sealed class TokenRulesTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<System.Text.Json.Nodes.JsonObject> CreateAsync(string path, object body)
    {
        var (status, created) = await _server.JsonAsync(HttpMethod.Post, path, body);
        Assert.True(status == 200, created?.ToJsonString());
        return created!;
    }

    [Fact]
    public async Task NumUses_TokenIsRevokedAfterItsLastUse()
    {
        var token = (string)(await CreateAsync("auth/token/create", new { policies = new[] { "default" }, num_uses = 2 }))["auth"]!["client_token"]!;
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token)).Status);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token)).Status);
        Assert.Equal(403, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token)).Status);
    }

    [Fact]
    public async Task Period_SetsTheTtl_AndExplicitMaxCapsIt()
    {
        var periodic = await CreateAsync("auth/token/create", new { policies = new[] { "default" }, period = "2h" });
        Assert.Equal(7200, (long)periodic["auth"]!["lease_duration"]!);

        var capped = await CreateAsync("auth/token/create", new { policies = new[] { "default" }, ttl = "5h", explicit_max_ttl = "1h" });
        Assert.Equal(3600, (long)capped["auth"]!["lease_duration"]!);
    }

    [Fact]
    public async Task TokenMountMaxTtl_CapsCreation()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "sys/mounts/auth/token/tune", new { max_lease_ttl = "2h" })).Status);
        var created = await CreateAsync("auth/token/create", new { policies = new[] { "default" }, ttl = "10h" });
        Assert.Equal(7200, (long)created["auth"]!["lease_duration"]!);
        Assert.Contains("exceeded the effective max_ttl", (string?)created["warnings"]![0]);
    }

    [Fact]
    public async Task RolePolicyLists_GlobsDisallowedAndPathSuffix()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/roles/apps", new
        {
            allowed_policies_glob = "app-*",
            disallowed_policies = "app-secret",
            path_suffix = "api-v1",
        })).Status);

        var created = await CreateAsync("auth/token/create/apps", new { policies = new[] { "app-web" } });
        Assert.Equal(["app-web", "default"], created["auth"]!["policies"]!.AsArray().Select(p => (string?)p));
        var token = (string)created["auth"]!["client_token"]!;
        var (_, lookup) = await _server.JsonAsync(HttpMethod.Post, "auth/token/lookup", new { token });
        Assert.Equal("auth/token/create/apps/api-v1", (string?)lookup!["data"]!["path"]);

        var (outside, outsideBody) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/apps", new { policies = new[] { "ops" } });
        Assert.Equal(400, outside);
        Assert.Contains("must be subset of the role's allowed policies", (string?)outsideBody!["errors"]![0]);
        var (denied, deniedBody) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/apps", new { policies = new[] { "app-secret" } });
        Assert.Equal(400, denied);
        Assert.Equal("token policy \"app-secret\" is disallowed by this role", (string?)deniedBody!["errors"]![0]);
    }

    [Fact]
    public async Task PolicyChange_AppliesToTheVeryNextRequest()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/keys", new { policy = "path \"sys/key-status\" { capabilities = [\"read\"] }" })).Status);
        var token = (string)(await CreateAsync("auth/token/create", new { policies = new[] { "keys" } }))["auth"]!["client_token"]!;
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "sys/key-status", token: token)).Status);

        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/keys", new { policy = "path \"sys/key-status\" { capabilities = [\"deny\"] }" })).Status);
        Assert.Equal(403, (await _server.JsonAsync(HttpMethod.Get, "sys/key-status", token: token)).Status);

        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Delete, "sys/policies/acl/keys")).Status);
        Assert.Equal(403, (await _server.JsonAsync(HttpMethod.Get, "sys/key-status", token: token)).Status);
    }

    [Theory]
    [InlineData("a/b")]
    public async Task InvalidPolicyName_Is400(string name)
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/" + name, new { policy = "path \"a\" { capabilities = [\"read\"] }" });
        Assert.Equal(400, status);
        Assert.Contains("invalid policy name", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task PolicyParseError_CarriesTheLine()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/typo", new { policy = "path \"a\" {\n  capabilities = [\"read\"]\n  capabilites = [\"read\"]\n}" });
        Assert.Equal(400, status);
        Assert.Contains("invalid key \"capabilites\" on line 3", (string?)body!["errors"]![0]);
    }
}
