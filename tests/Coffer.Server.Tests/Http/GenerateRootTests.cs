using Coffer.Core.Seal;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>sys/generate-root: OTP, a threshold of shares, and a working new root token.</summary>
public sealed class GenerateRootTests : IAsyncLifetime
{
    private TestServer _server = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.InitAndUnsealAsync(5, 3);
    }

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task GenerateRoot_WithThreeShares_YieldsWorkingRootToken()
    {
        var otp = RootTokenEncoding.GenerateOtp(28);
        var (startStatus, start) = await _server.JsonAsync(HttpMethod.Put, "sys/generate-root/attempt", new { otp });
        Assert.Equal(200, startStatus);
        Assert.True((bool)start!["started"]!);
        Assert.Equal(3, (int)start["required"]!);
        Assert.Equal(28, (int)start["otp_length"]!);
        var nonce = (string)start["nonce"]!;

        System.Text.Json.Nodes.JsonObject? last = null;
        foreach (var key in _server.UnsealKeys.Take(3))
        {
            var (status, body) = await _server.JsonAsync(HttpMethod.Put, "sys/generate-root/update", new { key, nonce });
            Assert.Equal(200, status);
            last = body;
        }

        Assert.True((bool)last!["complete"]!);
        var encoded = (string)last["encoded_token"]!;
        Assert.Equal(encoded, (string?)last["encoded_root_token"]);
        var token = RootTokenEncoding.Decode(encoded, otp);
        Assert.StartsWith("hvs.", token);

        var (lookupStatus, lookup) = await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: token);
        Assert.Equal(200, lookupStatus);
        Assert.Equal(["root"], lookup!["data"]!["policies"]!.AsArray().Select(p => (string?)p));
    }

    [Fact]
    public async Task GenerateRoot_ServerGeneratedOtp_IsReturnedOnce()
    {
        var (_, start) = await _server.JsonAsync(HttpMethod.Put, "sys/generate-root/attempt", new { });
        Assert.Equal(28, ((string)start!["otp"]!).Length);
        var (_, status) = await _server.JsonAsync(HttpMethod.Get, "sys/generate-root/attempt");
        Assert.Equal("", (string?)status!["otp"]);
        Assert.True((bool)status["started"]!);
    }

    [Fact]
    public async Task GenerateRoot_BadInputs_GiveVaultErrors()
    {
        Assert.Equal("OTP string is wrong length", await ErrorAsync(HttpMethod.Put, "sys/generate-root/attempt", new { otp = "short" }));
        Assert.Equal("no root generation in progress", await ErrorAsync(HttpMethod.Put, "sys/generate-root/update", new { key = _server.UnsealKeys[0], nonce = "x" }));
        var (_, start) = await _server.JsonAsync(HttpMethod.Put, "sys/generate-root/attempt", new { });
        var nonce = (string)start!["nonce"]!;
        Assert.Equal("root generation already in progress", await ErrorAsync(HttpMethod.Put, "sys/generate-root/attempt", new { }));
        Assert.StartsWith("incorrect nonce supplied", await ErrorAsync(HttpMethod.Put, "sys/generate-root/update", new { key = _server.UnsealKeys[0], nonce = "wrong" }));
        await _server.JsonAsync(HttpMethod.Put, "sys/generate-root/update", new { key = _server.UnsealKeys[0], nonce });
        Assert.Equal("given key has already been provided during this generation operation", await ErrorAsync(HttpMethod.Put, "sys/generate-root/update", new { key = _server.UnsealKeys[0], nonce }));
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Delete, "sys/generate-root/attempt")).Status);
        var (_, cancelled) = await _server.JsonAsync(HttpMethod.Get, "sys/generate-root/attempt");
        Assert.False((bool)cancelled!["started"]!);
    }

    [Fact]
    public async Task GenerateRoot_WithoutToken_IsRefusedByDefault()
    {
        var (status, _) = await _server.JsonAsync(HttpMethod.Get, "sys/generate-root/attempt", token: "");
        Assert.Equal(403, status);
    }

    private async Task<string?> ErrorAsync(HttpMethod method, string path, object body)
    {
        var (status, response) = await _server.JsonAsync(method, path, body);
        Assert.Equal(400, status);
        return (string?)response!["errors"]![0];
    }
}
