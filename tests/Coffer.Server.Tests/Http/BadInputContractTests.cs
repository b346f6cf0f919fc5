using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>
/// Client mistakes that once reached a handler unchecked and came back as 500s or broken responses: each is a 400
/// in Vault's error envelope, and the server goes on serving.
/// </summary>
public sealed class BadInputContractTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartUnsealedAsync();
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "sys/mounts/secret", new { type = "kv", options = new { version = "2" } })).Status);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "sys/mounts/kv1", new { type = "kv", options = new { version = "1" } })).Status);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A number of seconds that fits a long but not a duration (Go's range, about 292 years).</summary>
    [Theory]
    [InlineData("auth/token/create", "ttl", "9223372036854775807")]
    [InlineData("auth/token/create", "explicit_max_ttl", "-9223372036854775808")]
    [InlineData("auth/token/create-orphan", "period", "9223372036854775807")]
    [InlineData("auth/token/renew-self", "increment", "9223372036854775807")]
    [InlineData("auth/token/roles/r", "token_max_ttl", "9223372036854775807")]
    [InlineData("secret/config", "delete_version_after", "9223372036854775807")]
    [InlineData("secret/metadata/app", "delete_version_after", "-9223372036854775808")]
    [InlineData("sys/replication/dr/primary/secondary-token", "ttl", "9223372036854775807")]
    [InlineData("sys/storage/raft/autopilot/configuration", "server_stabilization_time", "9223372036854775807")]
    public async Task NumericDurationBeyondRange_Is400NamingTheField(string path, string field, string seconds)
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, path, $"{{\"{field}\": {seconds}}}");
        Assert.Equal(400, status);
        Assert.Contains($"\"{field}\"", (string?)body!["errors"]![0]);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "sys/key-status")).Status);
    }

    /// <summary>Accepted, such a mount TTL made every later token or lease expiry on the mount overflow (a 500).</summary>
    [Theory]
    [InlineData("sys/mounts/auth/token/tune", "{\"max_lease_ttl\": 9223372036854775807}", "max_lease_ttl")]
    [InlineData("sys/mounts/secret/tune", "{\"default_lease_ttl\": -9223372036854775808}", "default_lease_ttl")]
    [InlineData("sys/mounts/other", "{\"type\": \"kv\", \"config\": {\"default_lease_ttl\": 9223372036854775807}}", "default_lease_ttl")]
    public async Task MountTtlBeyondRange_Is400NamingTheField(string path, string body, string field)
    {
        var (status, response) = await _server.JsonAsync(HttpMethod.Post, path, body);
        Assert.Equal(400, status);
        Assert.Contains(field, (string?)response!["errors"]![0]);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } })).Status);
    }

    [Fact]
    public async Task NumericDurationWithinRange_IsStillSeconds()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", "{\"ttl\": 90}");
        Assert.Equal(200, status);
        Assert.Equal(90, (int)body!["auth"]!["lease_duration"]!);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "sys/mounts/secret/tune", "{\"max_lease_ttl\": 7200}")).Status);
        var (_, tune) = await _server.JsonAsync(HttpMethod.Get, "sys/mounts/secret/tune");
        Assert.Equal(7200, (int)tune!["data"]!["max_lease_ttl"]!);
    }

    /// <summary>JSON may escape half a surrogate pair; such a string is no text, so the body is malformed.</summary>
    [Theory]
    [InlineData("cubbyhole/a", "{\"value\": \"\\ud800\"}")]
    [InlineData("cubbyhole/a", "{\"\\udc00\": \"key is half a pair\"}")]
    [InlineData("kv1/a", "{\"value\": \"tail \\uDBFF\"}")]
    [InlineData("secret/data/a", "{\"data\": {\"value\": \"\\ude00\\ud83d\"}}")]
    [InlineData("sys/wrapping/wrap", "{\"value\": [\"\\ud800x\"]}")]
    [InlineData("sys/unseal", "{\"key\": \"\\ud800\"}")]
    public async Task EscapedUnpairedSurrogate_Is400FailedToParse(string path, string body)
    {
        var (status, response) = await _server.JsonAsync(HttpMethod.Post, path, body);
        Assert.Equal(400, status);
        Assert.StartsWith("failed to parse JSON input", (string?)response!["errors"]![0]);
    }

    [Fact]
    public async Task EscapedSurrogatePair_IsTheCharacterItEncodes()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "cubbyhole/emoji", "{\"value\": \"\\ud83d\\ude00\"}")).Status);
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "cubbyhole/emoji");
        Assert.Equal(200, status);
        Assert.Equal("\U0001F600", (string?)body!["data"]!["value"]);
    }

    [Fact]
    public async Task KvV1SecretWithTtlBeyondRange_ReadsWithTheDefaultLease()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "kv1/plain", new { value = "x" })).Status);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "kv1/huge-ttl", "{\"value\": \"x\", \"ttl\": 9223372036854775807}")).Status);

        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "kv1/huge-ttl");
        var (_, plain) = await _server.JsonAsync(HttpMethod.Get, "kv1/plain");

        Assert.Equal(200, status);
        Assert.Equal("x", (string?)body!["data"]!["value"]);
        Assert.Equal((long)plain!["lease_duration"]!, (long)body["lease_duration"]!);
    }

    [Theory]
    [InlineData("9223372036854775807")]
    [InlineData("-9223372036854775809")]
    [InlineData("1e300")]
    [InlineData("1e400")]
    public async Task PolicyWithNumericWrappingTtlBeyondRange_Is400(string seconds)
    {
        var policy = $"path \"secret/*\" {{\n  capabilities = [\"read\"]\n  max_wrapping_ttl = {seconds}\n}}";
        var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/wrapping", new JsonObject { ["policy"] = policy });
        Assert.Equal(400, status);
        Assert.Contains("max_wrapping_ttl", (string?)body!["errors"]![0]);
    }

    /// <summary>A role's globs once ran as backtracking regular expressions, which timed out (a 500) on such a pattern.</summary>
    [Theory]
    [InlineData("allowed_policies_glob", "policies", 400)]
    [InlineData("disallowed_policies_glob", "policies", 200)]
    [InlineData("allowed_entity_aliases", "entity_alias", 400)]
    public async Task RoleGlobThatWouldBacktrack_IsMatchedLikeAnyOther(string roleField, string requestField, int expected)
    {
        var glob = string.Concat(Enumerable.Repeat("a*", 30)) + "b";
        var name = new string('a', 200);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/roles/globs", new JsonObject { [roleField] = new JsonArray(glob) })).Status);

        var request = new JsonObject { [requestField] = requestField == "policies" ? new JsonArray(name) : name };
        var (status, _) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/globs", request);

        Assert.Equal(expected, status);
    }

    /// <summary>Codes that no status line can carry, or that are not final statuses, cannot answer with the document.</summary>
    [Theory]
    [InlineData("activecode=99")]
    [InlineData("activecode=103")]
    [InlineData("activecode=1000")]
    [InlineData("activecode=-1")]
    [InlineData("activecode=0")]
    [InlineData("standbycode=42")]
    [InlineData("sealedcode=99")]
    [InlineData("uninitcode=abc")]
    [InlineData("performancestandbycode=7")]
    public async Task HealthWithImpossibleStatusCode_Is400(string query)
    {
        using var response = await _server.SendAsync(HttpMethod.Get, "sys/health?" + query, token: "");
        Assert.Equal(400, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(query[..query.IndexOf('=', StringComparison.Ordinal)], (string?)body["errors"]![0]);
    }

    [Theory]
    [InlineData("activecode=299", 299)]
    [InlineData("activecode=999", 999)]
    public async Task HealthWithChosenStatusCode_AnswersWithIt(string query, int expected)
    {
        using var response = await _server.SendAsync(HttpMethod.Get, "sys/health?" + query, token: "");
        Assert.Equal(expected, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.True((bool)body["initialized"]!);
    }
}
