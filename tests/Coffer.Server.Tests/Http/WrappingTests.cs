using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>Response wrapping and cubbyhole over HTTP.</summary>
public sealed class WrappingTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    private async Task<JsonObject> SendWrappedAsync(HttpMethod method, string path, object? body, string ttl)
    {
        using var request = new HttpRequestMessage(method, "/v1/" + path);
        request.Headers.Add("X-Vault-Token", _server.RootToken);
        request.Headers.Add("X-Vault-Wrap-TTL", ttl);
        if (body is not null)
        {
            request.Content = System.Net.Http.Json.JsonContent.Create(body);
        }

        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(200, (int)response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    [Fact]
    public async Task WrappedTokenCreate_UnwrapsOnce_ToTheOriginalResponse()
    {
        var wrapped = await SendWrappedAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } }, "5m");
        Assert.Null(wrapped["auth"]);
        Assert.Equal("", (string?)wrapped["request_id"]);
        var info = wrapped["wrap_info"]!;
        Assert.Equal(300, (int)info["ttl"]!);
        Assert.Equal("auth/token/create", (string?)info["creation_path"]);
        Assert.Equal(24, ((string)info["wrapped_accessor"]!).Length);
        var wrappingToken = (string)info["token"]!;

        var (lookupStatus, lookup) = await _server.JsonAsync(HttpMethod.Post, "sys/wrapping/lookup", new { token = wrappingToken }, token: "");
        Assert.Equal(200, lookupStatus);
        Assert.Equal(300, (int)lookup!["data"]!["creation_ttl"]!);

        var (status, unwrapped) = await _server.JsonAsync(HttpMethod.Post, "sys/wrapping/unwrap", new { }, token: wrappingToken);
        Assert.Equal(200, status);
        var created = (string)unwrapped!["auth"]!["client_token"]!;
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: created)).Status);

        var (again, error) = await _server.JsonAsync(HttpMethod.Post, "sys/wrapping/unwrap", new { token = wrappingToken });
        Assert.Equal(400, again);
        Assert.Equal("wrapping token is not valid or does not exist", (string?)error!["errors"]![0]);
    }

    [Fact]
    public async Task WrapArbitraryData_ThenUnwrapWithBodyToken()
    {
        var wrapped = await SendWrappedAsync(HttpMethod.Post, "sys/wrapping/wrap", new { zip = "zap" }, "60");
        var token = (string)wrapped["wrap_info"]!["token"]!;
        var (status, unwrapped) = await _server.JsonAsync(HttpMethod.Post, "sys/wrapping/unwrap", new { token });
        Assert.Equal(200, status);
        Assert.Equal("zap", (string?)unwrapped!["data"]!["zip"]);
    }

    [Fact]
    public async Task NegativeWrapTtl_Is400()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/key-status");
        request.Headers.Add("X-Vault-Token", _server.RootToken);
        request.Headers.Add("X-Vault-Wrap-TTL", "-5s");
        using var response = await _server.Http.SendAsync(request);
        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("requested wrap ttl cannot be negative", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Cubbyhole_IsPrivatePerToken_AndDestroyedWithTheToken()
    {
        var (_, created) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create", new { policies = new[] { "default" } });
        var token = (string)created!["auth"]!["client_token"]!;
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Put, "cubbyhole/note", new { text = "mine" }, token: token)).Status);
        var (readStatus, read) = await _server.JsonAsync(HttpMethod.Get, "cubbyhole/note", token: token);
        Assert.Equal(200, readStatus);
        Assert.Equal("mine", (string?)read!["data"]!["text"]);
        Assert.Equal(404, (await _server.JsonAsync(HttpMethod.Get, "cubbyhole/note")).Status);

        var before = await _server.Core.StorageFor(_server.Core.Mounts.Find("cubbyhole/")!).ListAsync(string.Empty, CancellationToken.None);
        Assert.Single(before);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/revoke-self", new { }, token: token)).Status);
        var after = await _server.Core.StorageFor(_server.Core.Mounts.Find("cubbyhole/")!).ListAsync(string.Empty, CancellationToken.None);
        Assert.Empty(after);
    }
}
