using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>Vault's envelope, status codes and input rules at the HTTP edge.</summary>
public sealed class EdgeContractTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task LogicalRead_HasEveryEnvelopeField()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/key-status");
        Assert.Equal(200, status);
        foreach (var field in new[] { "request_id", "lease_id", "renewable", "lease_duration", "data", "wrap_info", "warnings", "auth", "mount_type" })
        {
            Assert.True(body!.ContainsKey(field), field);
        }

        Assert.True(Guid.TryParse((string?)body!["request_id"], out _));
        Assert.Equal("system", (string?)body["mount_type"]);
        Assert.Equal(1, (int)body["data"]!["term"]!);
        Assert.Equal(1, (int)body["term"]!); // key-status is one of Vault's top-level-injected routes
    }

    [Fact]
    public async Task Rotate_IncrementsTerm()
    {
        var (status, _) = await _server.JsonAsync(HttpMethod.Put, "sys/rotate");
        Assert.Equal(204, status);
        var (_, body) = await _server.JsonAsync(HttpMethod.Get, "sys/key-status");
        Assert.Equal(2, (int)body!["data"]!["term"]!);
    }

    [Fact]
    public async Task BearerToken_IsAcceptedLikeXVaultToken()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/key-status");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _server.RootToken);
        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task MissingToken_Is403PermissionDenied()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/key-status", token: "");
        Assert.Equal(403, status);
        Assert.Equal(["permission denied"], body!["errors"]!.AsArray().Select(e => (string?)e));
    }

    [Theory]
    [InlineData("hvs.AAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("hvb.not-a-real-batch-token")]
    [InlineData("garbage")]
    public async Task UnknownOrMalformedToken_Is403InvalidToken(string token)
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/key-status", token: token);
        Assert.Equal(403, status);
        Assert.Contains("invalid token", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task UnknownMount_WithRootToken_Is404NoHandler()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "nothing/here");
        Assert.Equal(404, status);
        Assert.Equal("no handler for route \"nothing/here\". route entry not found.", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task PathOutsideV1_Is404WithEnvelope()
    {
        using var response = await _server.Http.GetAsync("/nope");
        Assert.Equal(404, (int)response.StatusCode);
        Assert.Equal("{\"errors\":[]}", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"policy\": ")]
    [InlineData("{not json}")]
    public async Task MalformedJson_Is400FailedToParse(string body)
    {
        var (status, response) = await _server.JsonAsync(HttpMethod.Put, "sys/policies/acl/x", body);
        Assert.Equal(400, status);
        Assert.StartsWith("failed to parse JSON input", (string?)response!["errors"]![0]);
    }

    [Fact]
    public async Task WrongFieldType_Is400NamingTheField()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/mounts/kv1", new { type = "kv", local = new[] { 1, 2 } });
        Assert.Equal(400, status);
        Assert.Contains("\"local\"", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task UnknownField_Is400NamingTheField()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/mounts/kv1", new { type = "kv", colour = "blue" });
        Assert.Equal(400, status);
        Assert.Contains("\"colour\"", (string?)body!["errors"]![0]);
    }

    [Fact]
    public async Task BodyAboveLimit_Is413_AndServerKeepsServing()
    {
        await using var small = await TestServer.StartAsync(maxRequestSize: 1024);
        await small.InitAndUnsealAsync(1, 1);
        var big = "{\"policy\":\"" + new string('a', 4096) + "\"}";
        var (status, body) = await small.JsonAsync(HttpMethod.Put, "sys/policies/acl/big", big);
        Assert.Equal(413, status);
        Assert.Equal("http: request body too large", (string?)body!["errors"]![0]);
        var (after, _) = await small.JsonAsync(HttpMethod.Get, "sys/key-status");
        Assert.Equal(200, after);
    }

    [Fact]
    public async Task LongPathAndLargeHeaders_AreServedAsVaultServesThem()
    {
        // Beyond Kestrel's defaults (8 KiB request line, 32 KiB of headers), within Go's 1 MiB that Vault allows.
        var longName = new string('p', 20_000);
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/policies/acl/" + longName);
        Assert.Equal(404, status);
        Assert.NotNull(body!["errors"]);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/key-status");
        request.Headers.Add("X-Vault-Token", _server.RootToken);
        request.Headers.Add("X-Client-Context", new string('c', 200_000));
        using var response = await _server.Http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)response.StatusCode);
    }

    [Fact]
    public async Task UnsupportedMethod_Is405()
    {
        using var request = new HttpRequestMessage(new HttpMethod("BREW"), "/v1/sys/key-status");
        request.Headers.Add("X-Vault-Token", _server.RootToken);
        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(405, (int)response.StatusCode);
    }

    [Fact]
    public async Task PatchWithoutMergePatchContentType_Is415()
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, "/v1/sys/key-status")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Vault-Token", _server.RootToken);
        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(415, (int)response.StatusCode);
    }

    [Fact]
    public async Task Help_ReturnsHelpDocument()
    {
        var (status, body) = await _server.JsonAsync(HttpMethod.Get, "sys/mounts?help=1");
        Assert.Equal(200, status);
        Assert.Contains("List the currently mounted backends", (string?)body!["help"]);
    }

    [Fact]
    public async Task EveryResponse_IsNoStore()
    {
        using var response = await _server.SendAsync(HttpMethod.Get, "sys/key-status");
        Assert.Contains("no-store", response.Headers.CacheControl!.ToString());
    }
}
