using Coffer.Testing.Servers;
using static Coffer.Server.Tests.Replication.PromoteTests;

namespace Coffer.Server.Tests.Replication;

/// <summary>
/// Activation by public key: the future secondary makes a key pair (<c>secondary/generate-public-key</c>), the primary
/// returns the activation encrypted to it as <c>data.token</c>, and the secondary opens it locally.
/// </summary>
public sealed class PublicKeyActivationTests : IAsyncLifetime
{
    private TestServer _primary = null!;
    private TestServer _secondary = null!;

    public async ValueTask InitializeAsync()
    {
        _primary = await TestServer.StartUnsealedAsync();
        _secondary = await TestServer.StartUnsealedAsync();
        await Send(_primary, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
    }

    public async ValueTask DisposeAsync()
    {
        await _secondary.DisposeAsync();
        await _primary.DisposeAsync();
    }

    [Fact]
    public async Task SecondaryToken_ForAPublicKey_IsOpenedBySecondaryWithoutUnwrapping()
    {
        var key = (string)(await Send(_secondary, HttpMethod.Post, "sys/replication/dr/secondary/generate-public-key", new { }))!["data"]!["secondary_public_key"]!;

        var issued = await Send(_primary, HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "dr-b", secondary_public_key = key });
        Assert.Null(issued!["wrap_info"]);
        var token = (string)issued["data"]!["token"]!;

        // No primary_api_addr: nothing is unwrapped at the primary; the address comes from inside the token.
        var (status, enabled) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new { token });
        Assert.True(status == 200, enabled?.ToJsonString());
        var dr = await WaitForAsync(async () => await DrStatusAsync(_secondary), s => (string?)s["state"] == "stream-wals");
        Assert.Equal("dr-b", (string?)dr["secondary_id"]);
        Assert.Equal(_primary.Address, (string?)dr["primaries"]![0]!["api_address"]);
    }

    [Fact]
    public async Task SecondaryToken_ForAnotherClustersKey_CannotBeOpenedHere()
    {
        await Send(_secondary, HttpMethod.Post, "sys/replication/dr/secondary/generate-public-key", new { });
        var third = await TestServer.StartUnsealedAsync();
        await using var _ = third;
        var othersKey = (string)(await Send(third, HttpMethod.Post, "sys/replication/dr/secondary/generate-public-key", new { }))!["data"]!["secondary_public_key"]!;
        var token = (string)(await Send(_primary, HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "dr-c", secondary_public_key = othersKey }))!["data"]!["token"]!;

        var (status, error) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new { token });

        Assert.Equal(400, status);
        Assert.Contains("another secondary_public_key", (string?)error!["errors"]![0]);
        Assert.Equal("disabled", (string?)(await DrStatusAsync(_secondary))["mode"]);
    }

    [Fact]
    public async Task SecondaryToken_PastItsTtl_IsRefusedBySecondary()
    {
        var key = (string)(await Send(_secondary, HttpMethod.Post, "sys/replication/dr/secondary/generate-public-key", new { }))!["data"]!["secondary_public_key"]!;
        var token = (string)(await Send(_primary, HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "dr-b", secondary_public_key = key, ttl = "1s" }))!["data"]!["token"]!;
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        var (status, error) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new { token });

        Assert.Equal(400, status);
        Assert.Contains("expired", (string?)error!["errors"]![0]);
    }

    [Fact]
    public async Task Activation_WithoutGeneratingAKeyFirst_SaysWhatToDo()
    {
        var third = await TestServer.StartUnsealedAsync();
        await using var _ = third;
        var key = (string)(await Send(third, HttpMethod.Post, "sys/replication/dr/secondary/generate-public-key", new { }))!["data"]!["secondary_public_key"]!;
        var token = (string)(await Send(_primary, HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "dr-b", secondary_public_key = key }))!["data"]!["token"]!;

        var (status, error) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new { token });

        Assert.Equal(400, status);
        Assert.Contains("generate-public-key first", (string?)error!["errors"]![0]);
    }

    [Fact]
    public async Task GeneratePublicKey_OnAPrimary_IsRefused()
    {
        var (status, error) = await _primary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/generate-public-key", new { });

        Assert.Equal(400, status);
        Assert.Contains("DR primary", (string?)error!["errors"]![0]);
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the secondary");
            await Task.Delay(50);
        }
    }
}
