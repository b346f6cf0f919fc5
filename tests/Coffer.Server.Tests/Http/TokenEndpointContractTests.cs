using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>The remaining auth/token/* and capabilities endpoints against their documented behaviour.</summary>
public sealed class TokenEndpointContractTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<(string Token, string Accessor)> CreateAsync(object body, string? token = null)
    {
        var (status, created) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", body, token);
        Assert.Equal(200, status);
        return ((string)created!["auth"]!["client_token"]!, (string)created["auth"]!["accessor"]!);
    }

    [Fact]
    public async Task CreateOrphan_HasNoParent()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create-orphan", new { policies = new[] { "default" } });
        Assert.Equal(200, status);
        Assert.True((bool)body!["auth"]!["orphan"]!);
        var (_, lookup) = await _server.JsonAsync(HttpMethod.Post, "auth/token/lookup", new { token = (string)body["auth"]!["client_token"]! });
        Assert.True((bool)lookup!["data"]!["orphan"]!);
        Assert.Equal("auth/token/create-orphan", (string?)lookup["data"]!["path"]);
    }

    [Fact]
    public async Task RenewAndRenewAccessor_ExtendTheLease()
    {
        var (token, accessor) = await CreateAsync(new { policies = new[] { "default" }, ttl = "1h" });
        var (renewStatus, renewed) = await _server.JsonAsync(HttpMethod.Post, "auth/token/renew", new { token, increment = "30m" });
        Assert.Equal(200, renewStatus);
        Assert.Equal(1800, (long)renewed!["auth"]!["lease_duration"]!);
        Assert.Equal(token, (string?)renewed["auth"]!["client_token"]);

        var (accessorStatus, byAccessor) = await _server.JsonAsync(HttpMethod.Post, "auth/token/renew-accessor", new { accessor, increment = "20m" });
        Assert.Equal(200, accessorStatus);
        Assert.Equal("", (string?)byAccessor!["auth"]!["client_token"]);
        Assert.Equal(1200, (long)byAccessor["auth"]!["lease_duration"]!);
    }

    [Fact]
    public async Task RevokeAccessor_AndUnknownAccessor()
    {
        var (token, accessor) = await CreateAsync(new { policies = new[] { "default" } });
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/revoke-accessor", new { accessor })).Status);
        Assert.Equal(403, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token)).Status);

        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/revoke-accessor", new { accessor = "nope" });
        Assert.Equal(200, status);
        Assert.Equal("No token found with this accessor", (string?)body!["warnings"]![0]);
        var (missing, error) = await _server.JsonAsync(HttpMethod.Post, "auth/token/revoke-accessor", new { });
        Assert.Equal(400, missing);
        Assert.Equal("missing accessor", (string?)error!["errors"]![0]);
    }

    [Fact]
    public async Task RevokeOrphan_KeepsTheChildren()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/creator", new { policy = "path \"auth/token/create\" { capabilities = [\"update\"] }" })).Status);
        var (parent, _) = await CreateAsync(new { policies = new[] { "creator" } });
        var (child, _) = await CreateAsync(new { }, parent);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/revoke-orphan", new { token = parent })).Status);
        Assert.Equal(403, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: parent)).Status);
        var (status, lookup) = await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: child);
        Assert.Equal(200, status);
        Assert.True((bool)lookup!["data"]!["orphan"]!);
    }

    [Fact]
    public async Task Accessors_ListsServiceTokens_AndNeedsSudo()
    {
        var (token, accessor) = await CreateAsync(new { policies = new[] { "default" } });
        var (status, body) = await _server.JsonAsync(new HttpMethod("LIST"), "auth/token/accessors");
        Assert.Equal(200, status);
        Assert.Contains(accessor, body!["data"]!["keys"]!.AsArray().Select(k => (string?)k));
        Assert.Equal(403, (await _server.JsonAsync(new HttpMethod("LIST"), "auth/token/accessors", token: token)).Status);
    }

    [Fact]
    public async Task Tidy_StartsOnce()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/tidy", new { });
        Assert.Equal(200, status);
        Assert.StartsWith("Tidy operation", (string?)body!["warnings"]![0]);
    }

    [Fact]
    public async Task LookupErrors_MatchVault()
    {
        var (missing, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/lookup", new { });
        Assert.Equal(400, missing);
        Assert.Equal("missing token ID", (string?)body!["errors"]![0]);
        var (bad, badBody) = await _server.JsonAsync(HttpMethod.Post, "auth/token/lookup", new { token = "hvs.AAAAAAAAAAAAAAAAAAAAAAAA" });
        Assert.Equal(403, bad);
        Assert.Equal("bad token", (string?)badBody!["errors"]![0]);
        var (accessor, accessorBody) = await _server.JsonAsync(HttpMethod.Post, "auth/token/lookup-accessor", new { accessor = "nope" });
        Assert.Equal(400, accessor);
        Assert.Equal("invalid accessor", (string?)accessorBody!["errors"]![0]);
    }

    [Fact]
    public async Task CapabilitiesAndCapabilitiesAccessor_ReportPerPath()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/reader", new { policy = "path \"secret/*\" { capabilities = [\"read\", \"list\"] }" })).Status);
        var (token, accessor) = await CreateAsync(new { policies = new[] { "reader" } });
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "sys/capabilities", new { token, paths = new[] { "secret/a", "sys/mounts" } });
        Assert.Equal(200, status);
        Assert.Equal(["read", "list"], body!["data"]!["secret/a"]!.AsArray().Select(c => (string?)c));
        Assert.Equal(["deny"], body["data"]!["sys/mounts"]!.AsArray().Select(c => (string?)c));
        Assert.False(body.ContainsKey("capabilities")); // only with exactly one path

        var (accessorStatus, byAccessor) = await _server.JsonAsync(HttpMethod.Post, "sys/capabilities-accessor", new { accessor, paths = new[] { "secret/a" } });
        Assert.Equal(200, accessorStatus);
        Assert.Equal(["read", "list"], byAccessor!["capabilities"]!.AsArray().Select(c => (string?)c));

        var (rootStatus, root) = await _server.JsonAsync(HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "anything" } });
        Assert.Equal(200, rootStatus);
        Assert.Equal(["root"], root!["capabilities"]!.AsArray().Select(c => (string?)c));
    }

    [Fact]
    public async Task LegacyPolicyEndpoints_UseRulesAndTopLevelKeys()
    {
        var (writeStatus, written) = await _server.JsonAsync(HttpMethod.Put, "sys/policy/Legacy", new { policy = "path \"a/*\" { capabilities = [\"read\"] }" });
        Assert.Equal(200, writeStatus);
        Assert.Equal("policy name was converted to legacy", (string?)written!["warnings"]![0]);
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/policy/legacy");
        Assert.Equal(200, status);
        Assert.Contains("a/*", (string?)body!["rules"]);
        Assert.Contains("a/*", (string?)body["data"]!["rules"]);
        var (listStatus, list) = await _server.JsonAsync(HttpMethod.Get, "sys/policy");
        Assert.Equal(200, listStatus);
        Assert.Contains("legacy", list!["policies"]!.AsArray().Select(p => (string?)p));
        Assert.Contains("legacy", list["keys"]!.AsArray().Select(p => (string?)p));
    }

    [Fact]
    public async Task PolicyErrors_MatchVault()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/bad", new { policy = "path \"/\" { policy = \"banana\" }" });
        Assert.Equal(400, status);
        Assert.StartsWith("failed to parse policy: ", (string?)body!["errors"]![0]);
        var (rootStatus, root) = await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/root", new { policy = "path \"a\" { capabilities = [\"read\"] }" });
        Assert.Equal(400, rootStatus);
        Assert.Contains("root", (string?)root!["errors"]![0]);
        var (defaultStatus, _) = await _server.JsonAsync(HttpMethod.Delete, "sys/policies/acl/default");
        Assert.Equal(400, defaultStatus);
        var (emptyStatus, empty) = await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/empty", new { policy = "" });
        Assert.Equal(400, emptyStatus);
        Assert.Equal("'policy' parameter not supplied or empty", (string?)empty!["errors"]![0]);
    }

    [Fact]
    public async Task RoleBoundCidrs_TokenWorksOnlyFromThoseAddresses()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/roles/local", new { token_bound_cidrs = "127.0.0.0/8", allowed_policies = "default" })).Status);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/roles/remote", new { token_bound_cidrs = "10.9.8.0/24", allowed_policies = "default" })).Status);
        var (_, local) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/local", new { });
        var (_, remote) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/remote", new { });
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: (string)local!["auth"]!["client_token"]!)).Status);
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: (string)remote!["auth"]!["client_token"]!);
        Assert.Equal(403, status);
        Assert.Contains("permission denied", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task EntityAlias_MustMatchTheRole()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/roles/aliased", new { allowed_entity_aliases = "ops-*", allowed_policies = "default" })).Status);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Post, "auth/token/create/aliased", new { entity_alias = "ops-alice" })).Status);
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/aliased", new { entity_alias = "dev-bob" });
        Assert.Equal(400, status);
        Assert.Equal("invalid 'entity_alias' value", (string?)body!["errors"]![0]);
    }
}
