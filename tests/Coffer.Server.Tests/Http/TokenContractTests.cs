using Coffer.Testing.Servers;
using Coffer.Testing.UserStory;

namespace Coffer.Server.Tests.Http;

/// <summary>auth/token/* against Vault's documented JSON and rules.</summary>
public sealed class TokenContractTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<string> CreateFailoverHandlerBatchTokenAsync()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/dr-secondary-promotion", new { policy = UserStoryPolicies.DrSecondaryPromotion })).Status);
        var (roleStatus, _) = await _server.JsonAsync(HttpMethod.Post, "auth/token/roles/failover-handler", new
        {
            allowed_policies = "dr-secondary-promotion",
            orphan = "true",
            renewable = "false",
            token_type = "batch",
        });
        Assert.Equal(204, roleStatus);
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/failover-handler", new { ttl = "8h" });
        Assert.Equal(200, status);
        return (string)body!["auth"]!["client_token"]!;
    }

    [Fact]
    public async Task CreateFromBatchRole_ReturnsBatchTokenWithRolePolicies()
    {
        await CreateFailoverHandlerBatchTokenAsync();
        var (_, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/failover-handler", new { ttl = "8h" });
        var auth = body!["auth"]!;
        Assert.StartsWith("hvb.", (string)auth["client_token"]!);
        Assert.Equal(28800, (long)auth["lease_duration"]!);
        Assert.False((bool)auth["renewable"]!);
        Assert.Equal("batch", (string?)auth["token_type"]);
        Assert.True((bool)auth["orphan"]!);
        Assert.Equal("", (string?)auth["accessor"]);
        Assert.Equal(["default", "dr-secondary-promotion"], auth["policies"]!.AsArray().Select(p => (string?)p));
        Assert.Equal("token", (string?)body["mount_type"]);
    }

    [Fact]
    public async Task BatchToken_LookupSelfWorks_RenewAndChildCreationFail_OutsidePolicyDenied()
    {
        var batch = await CreateFailoverHandlerBatchTokenAsync();

        var (lookupStatus, lookup) = await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: batch);
        Assert.Equal(200, lookupStatus);
        Assert.Equal("batch", (string?)lookup!["data"]!["type"]);
        Assert.True((long)lookup["data"]!["ttl"]! is > 28700 and <= 28800);

        var (renewStatus, renew) = await _server.JsonAsync(HttpMethod.Post, "auth/token/renew-self", new { }, token: batch);
        Assert.Equal(400, renewStatus); // the default policy allows renew-self; the token store refuses
        Assert.Equal("batch tokens cannot be renewed", (string?)renew!["errors"]![0]);

        var (childStatus, _) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { }, token: batch);
        Assert.Equal(403, childStatus);

        var (deniedStatus, denied) = await _server.JsonAsync(HttpMethod.Get, "sys/mounts", token: batch);
        Assert.Equal(403, deniedStatus);
        Assert.Equal("permission denied", (string?)denied!["errors"]![0]);

        var (capStatus, caps) = await _server.JsonAsync(HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "sys/replication/dr/secondary/promote" } }, token: batch);
        Assert.Equal(200, capStatus);
        Assert.Equal(["update"], caps!["capabilities"]!.AsArray().Select(c => (string?)c));
    }

    [Fact]
    public async Task CreateWithTtlAboveMax_IsCappedWithWarning()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "p1" }, ttl = "10000h" });
        Assert.Equal(200, status);
        Assert.Equal(768 * 3600, (long)body!["auth"]!["lease_duration"]!);
        var warnings = body["warnings"]!.AsArray().Select(w => (string?)w).ToList();
        Assert.Contains(warnings, w => w!.Contains("exceeded the effective max_ttl", StringComparison.Ordinal));
        Assert.Contains("Policy \"p1\" does not exist", warnings);
    }

    [Fact]
    public async Task ServiceToken_LookupRenewRevoke_RoundTrip()
    {
        var (_, created) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" }, ttl = "1h" });
        var token = (string)created!["auth"]!["client_token"]!;
        var accessor = (string)created["auth"]!["accessor"]!;
        Assert.StartsWith("hvs.", token);
        Assert.Equal(24, accessor.Length);

        var (lookupStatus, lookup) = await _server.JsonAsync(HttpMethod.Post, "auth/token/lookup", new { token });
        Assert.Equal(200, lookupStatus);
        Assert.Equal("auth/token/create", (string?)lookup!["data"]!["path"]);
        Assert.Equal(3600, (long)lookup["data"]!["creation_ttl"]!);

        var (byAccessorStatus, byAccessor) = await _server.JsonAsync(HttpMethod.Post, "auth/token/lookup-accessor", new { accessor });
        Assert.Equal(200, byAccessorStatus);
        Assert.Equal("", (string?)byAccessor!["data"]!["id"]);

        var (renewStatus, renewed) = await _server.JsonAsync(HttpMethod.Post, "auth/token/renew-self", new { increment = "2h" }, token: token);
        Assert.Equal(200, renewStatus);
        Assert.Equal(7200, (long)renewed!["auth"]!["lease_duration"]!);

        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/revoke", new { token })).Status);
        var (afterStatus, after) = await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token);
        Assert.Equal(403, afterStatus);
        Assert.Contains("invalid token", (string?)after!["errors"]![0]);
    }

    [Fact]
    public async Task RevokeParent_RevokesChildren_ButNotOrphans()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/creator", new { policy = "path \"auth/token/create\" { capabilities = [\"update\"] }" })).Status);
        var (_, parent) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "creator" } });
        var parentToken = (string)parent!["auth"]!["client_token"]!;
        var (_, child) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { }, token: parentToken);
        var childToken = (string)child!["auth"]!["client_token"]!;
        var (_, orphan) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { no_parent = true, policies = new[] { "default" } });
        var orphanToken = (string)orphan!["auth"]!["client_token"]!;
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: childToken)).Status);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/revoke-self", new { }, token: parentToken)).Status);
        Assert.Equal(403, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: childToken)).Status);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: orphanToken)).Status);
    }

    [Fact]
    public async Task RoleRead_HasDocumentedFields()
    {
        await CreateFailoverHandlerBatchTokenAsync();
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "auth/token/roles/failover-handler");
        Assert.Equal(200, status);
        var data = body!["data"]!.AsObject();
        Assert.Equal("batch", (string?)data["token_type"]);
        Assert.True((bool)data["orphan"]!);
        Assert.False((bool)data["renewable"]!);
        Assert.Equal(["dr-secondary-promotion"], data["allowed_policies"]!.AsArray().Select(p => (string?)p));
        foreach (var field in new[] { "allowed_entity_aliases", "allowed_policies_glob", "disallowed_policies", "disallowed_policies_glob", "explicit_max_ttl", "name", "path_suffix", "period", "token_explicit_max_ttl", "token_no_default_policy", "token_period" })
        {
            Assert.True(data.ContainsKey(field), field);
        }

        var (listStatus, list) = await _server.JsonAsync(new HttpMethod("LIST"), "auth/token/roles");
        Assert.Equal(200, listStatus);
        Assert.Equal(["failover-handler"], list!["data"]!["keys"]!.AsArray().Select(k => (string?)k));
    }

    [Fact]
    public async Task BatchRoleThatIsNotOrphan_IsRefused()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/roles/bad", new { token_type = "batch", renewable = false });
        Assert.Equal(400, status);
        Assert.Equal("'token_type' cannot be 'batch' when role is set to generate non-orphan tokens", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task ListRoles_WhenNone_Is404WithEmptyErrors()
    {
        var (status, body) = await _server.JsonAsync(new HttpMethod("LIST"), "auth/token/roles");
        Assert.Equal(404, status);
        Assert.Empty(body!["errors"]!.AsArray());
    }

    [Fact]
    public async Task TamperedBatchToken_Is403()
    {
        var batch = await CreateFailoverHandlerBatchTokenAsync();
        var tampered = batch[..^4] + (batch[^4] == 'A' ? "B" : "A") + batch[^3..];
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: tampered);
        Assert.Equal(403, status);
        Assert.Contains("invalid token", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task ServiceTokenCannotCreateRootChild()
    {
        var (_, created) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } });
        var token = (string)created!["auth"]!["client_token"]!;
        var (status, _) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "root" } }, token: token);
        Assert.Equal(403, status); // default policy does not grant auth/token/create
    }

    [Fact]
    public async Task RootTokenCreatesRootToken_WhenNoPolicies()
    {
        var (_, created) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { });
        Assert.Equal(["root"], created!["auth"]!["policies"]!.AsArray().Select(p => (string?)p));
        Assert.Equal(0, (long)created["auth"]!["lease_duration"]!);
    }
}
