using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>init → sealed 503 → unseal with a threshold of shares → serving, over real HTTP.</summary>
public sealed class SealLifecycleTests
{
    private static readonly HttpMethod List = new("LIST");

    [Fact]
    public async Task SealStatus_Uninitialized_ReportsNotInitializedAndSealed()
    {
        await using var server = await TestServer.StartAsync();
        var (status, body) = await server.JsonAsync(HttpMethod.Get, "sys/seal-status", token: "");
        Assert.Equal(200, status);
        Assert.Equal("shamir", (string?)body!["type"]);
        Assert.False((bool)body["initialized"]!);
        Assert.True((bool)body["sealed"]!);
        Assert.Equal(0, (int)body["t"]!);
    }

    [Fact]
    public async Task Init_FiveSharesThresholdThree_ReturnsKeysAndRootToken_AndStaysSealed()
    {
        await using var server = await TestServer.StartAsync();
        var (status, body) = await server.JsonAsync(HttpMethod.Put, "sys/init", new { secret_shares = 5, secret_threshold = 3 }, token: "");
        Assert.Equal(200, status);
        var keys = body!["keys"]!.AsArray();
        Assert.Equal(5, keys.Count);
        Assert.All(keys, k => Assert.Equal(66, ((string)k!).Length)); // 33 bytes in hex
        Assert.Equal(5, body["keys_base64"]!.AsArray().Count);
        var root = (string)body["root_token"]!;
        Assert.StartsWith("hvs.", root);
        Assert.Equal(28, root.Length);

        var (_, sealStatus) = await server.JsonAsync(HttpMethod.Get, "sys/seal-status", token: "");
        Assert.True((bool)sealStatus!["sealed"]!);
        Assert.Equal(3, (int)sealStatus["t"]!);
        Assert.Equal(5, (int)sealStatus["n"]!);

        var (sealedStatus, sealedBody) = await server.JsonAsync(HttpMethod.Get, "sys/mounts", token: root);
        Assert.Equal(503, sealedStatus);
        Assert.Equal("Vault is sealed", (string?)sealedBody!["errors"]![0]);

        for (var i = 0; i < 3; i++)
        {
            var (unsealStatus, progress) = await server.JsonAsync(HttpMethod.Put, "sys/unseal", new { key = (string)keys[i]! }, token: "");
            Assert.Equal(200, unsealStatus);
            Assert.Equal(i < 2, (bool)progress!["sealed"]!);
            Assert.Equal(i < 2 ? i + 1 : 0, (int)progress["progress"]!);
        }

        var (mountsStatus, mounts) = await server.JsonAsync(HttpMethod.Get, "sys/mounts", token: root);
        Assert.Equal(200, mountsStatus);
        Assert.Equal("system", (string?)mounts!["data"]!["sys/"]!["type"]);
    }

    [Theory]
    [InlineData(0, 0, "shares must be at least one")]
    [InlineData(3, 1, "threshold must be greater than one for multiple shares")]
    [InlineData(3, 4, "threshold cannot be larger than shares")]
    [InlineData(256, 3, "shares must be less than 256")]
    public async Task Init_InvalidSealConfig_Returns400WithVaultMessage(int shares, int threshold, string message)
    {
        await using var server = await TestServer.StartAsync();
        var (status, body) = await server.JsonAsync(HttpMethod.Put, "sys/init", new { secret_shares = shares, secret_threshold = threshold }, token: "");
        Assert.Equal(400, status);
        Assert.Contains(message, body!["errors"]!.AsArray().Select(e => (string?)e));
    }

    [Fact]
    public async Task Init_Twice_Returns400AlreadyInitialized()
    {
        await using var server = await TestServer.StartUnsealedAsync();
        var (status, body) = await server.JsonAsync(HttpMethod.Put, "sys/init", new { secret_shares = 1, secret_threshold = 1 }, token: "");
        Assert.Equal(400, status);
        Assert.Equal("Vault is already initialized", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task Unseal_WrongSharesAtThreshold_Returns400AndResetsProgress()
    {
        await using var server = await TestServer.StartAsync();
        await server.Core.InitializeAsync(new Core.Seal.SealConfig(3, 2), null, CancellationToken.None);
        var wrong1 = Convert.ToHexStringLower(Enumerable.Range(1, 33).Select(i => (byte)i).ToArray());
        var wrong2 = Convert.ToHexStringLower(Enumerable.Range(2, 33).Select(i => (byte)i).ToArray());
        await server.JsonAsync(HttpMethod.Put, "sys/unseal", new { key = wrong1 }, token: "");
        var (status, body) = await server.JsonAsync(HttpMethod.Put, "sys/unseal", new { key = wrong2 }, token: "");
        Assert.Equal(400, status);
        Assert.Equal("unseal failed, invalid key", (string?)body!["errors"]![0]);
        var (_, sealStatus) = await server.JsonAsync(HttpMethod.Get, "sys/seal-status", token: "");
        Assert.Equal(0, (int)sealStatus!["progress"]!);
        Assert.True((bool)sealStatus["sealed"]!);
    }

    [Theory]
    [InlineData("{\"key\": \"zz-not-hex-or-base64!\"}", "'key' must be a valid hex or base64 string")]
    [InlineData("{}", "'key' must be specified in request body as JSON, or 'reset' set to true")]
    [InlineData("{\"key\": \"AAEC\"}", "invalid key: key is shorter than minimum 16 bytes")]
    public async Task Unseal_BadKey_Returns400(string body, string message)
    {
        await using var server = await TestServer.StartAsync();
        await server.Core.InitializeAsync(new Core.Seal.SealConfig(1, 1), null, CancellationToken.None);
        var (status, response) = await server.JsonAsync(HttpMethod.Put, "sys/unseal", body, token: "");
        Assert.Equal(400, status);
        Assert.Equal(message, (string?)response!["errors"]![0]);
    }

    [Fact]
    public async Task Seal_WithRootToken_Returns204AndSealsServer()
    {
        await using var server = await TestServer.StartUnsealedAsync();
        var (status, _) = await server.JsonAsync(HttpMethod.Put, "sys/seal");
        Assert.Equal(204, status);
        var (_, sealStatus) = await server.JsonAsync(HttpMethod.Get, "sys/seal-status", token: "");
        Assert.True((bool)sealStatus!["sealed"]!);
    }

    [Fact]
    public async Task Seal_WithoutToken_Returns403()
    {
        await using var server = await TestServer.StartUnsealedAsync();
        var (status, body) = await server.JsonAsync(HttpMethod.Put, "sys/seal", token: "");
        Assert.Equal(403, status);
        Assert.Equal("permission denied", (string?)body!["errors"]![0]);
    }

    [Theory]
    [InlineData("", 200)]
    [InlineData("?activecode=299", 299)]
    public async Task Health_Active_ReturnsActiveCode(string query, int expected)
    {
        await using var server = await TestServer.StartUnsealedAsync();
        using var response = await server.Http.GetAsync("/v1/sys/health" + query);
        Assert.Equal(expected, (int)response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.False((bool)body["sealed"]!);
        Assert.Equal("disabled", (string?)body["replication_dr_mode"]);
    }

    [Fact]
    public async Task Health_SealedAndUninitialized_UseTheirCodes()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(501, (int)(await server.Http.GetAsync("/v1/sys/health")).StatusCode);
        await server.Core.InitializeAsync(new Core.Seal.SealConfig(1, 1), null, CancellationToken.None);
        Assert.Equal(503, (int)(await server.Http.GetAsync("/v1/sys/health")).StatusCode);
        Assert.Equal(299, (int)(await server.Http.GetAsync("/v1/sys/health?sealedcode=299")).StatusCode);
        Assert.Equal(400, (int)(await server.Http.GetAsync("/v1/sys/health?sealedcode=abc")).StatusCode);
        using var head = await server.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/sys/health"));
        Assert.Equal(503, (int)head.StatusCode);
    }

    [Fact]
    public async Task Leader_WithoutHa_ReportsHaDisabled()
    {
        await using var server = await TestServer.StartUnsealedAsync();
        var (status, body) = await server.JsonAsync(HttpMethod.Get, "sys/leader", token: "");
        Assert.Equal(200, status);
        Assert.False((bool)body!["ha_enabled"]!);
    }

    [Fact]
    public async Task PoliciesList_ViaListVerbAndQuery_ReturnsDefaultAndRoot()
    {
        await using var server = await TestServer.StartUnsealedAsync();
        foreach (var (method, path) in new[] { (List, "sys/policies/acl"), (HttpMethod.Get, "sys/policies/acl?list=true") })
        {
            var (status, body) = await server.JsonAsync(method, path);
            Assert.Equal(200, status);
            Assert.Equal(["default", "root"], body!["data"]!["keys"]!.AsArray().Select(k => (string?)k));
        }
    }
}
