using Coffer.Testing.Servers;
using static Coffer.Server.Tests.Replication.PromoteTests;

namespace Coffer.Server.Tests.Replication;

/// <summary>
/// Promoting a DR secondary whose primary is still streaming to it: refused (two primaries would take diverging
/// writes) unless <c>force=true</c>.
/// </summary>
public sealed class PromoteFollowingSecondaryTests : IAsyncLifetime
{
    private const string DrPolicy = """path "sys/replication/dr/secondary/promote" { capabilities = ["update"] }""";

    private TestServer _primary = null!;
    private TestServer _secondary = null!;

    public async ValueTask InitializeAsync()
    {
        _primary = await TestServer.StartUnsealedAsync();
        _secondary = await TestServer.StartUnsealedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _secondary.DisposeAsync();
        await _primary.DisposeAsync();
    }

    [Fact]
    public async Task Promote_PrimaryStillStreaming_RefusedUnlessForced()
    {
        await Send(_primary, HttpMethod.Put, "sys/policies/acl/dr", new { policy = DrPolicy });
        await Send(_primary, HttpMethod.Post, "auth/token/roles/dr", new { allowed_policies = "dr", orphan = true, renewable = false, token_type = "batch" });
        var batch = (string)(await Send(_primary, HttpMethod.Post, "auth/token/create/dr", new { ttl = "1h" }))!["auth"]!["client_token"]!;
        await Send(_primary, HttpMethod.Post, "sys/mounts/kv", new { type = "kv" });
        await Send(_primary, HttpMethod.Post, "kv/app", new { value = "from-primary" });
        await Send(_primary, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        var clusterId = (string?)(await DrStatusAsync(_primary))["cluster_id"];
        var minted = await Send(_primary, HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "dr-b" });
        await Send(_secondary, HttpMethod.Post, "sys/replication/dr/secondary/enable", new
        {
            token = (string)minted!["wrap_info"]!["token"]!, primary_api_addr = _primary.Address,
        });
        await WaitUntilAsync(async () => await DrStatusAsync(_secondary) is var s
            && (string?)s["state"] == "stream-wals" && (string?)s["last_reindex_epoch"] != "0" && (string?)s["connection_state"] == "ready");
        foreach (var key in _primary.UnsealKeys)
        {
            await _secondary.Core.SubmitUnsealKeyAsync(key, CancellationToken.None);
        }

        var (refused, error) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/promote", new { dr_operation_token = batch }, token: "");
        Assert.Equal(400, refused);
        var message = (string?)error!["errors"]![0];
        Assert.Contains("still active", message);
        Assert.Contains("force=true", message);
        Assert.Equal("secondary", (string?)(await DrStatusAsync(_secondary))["mode"]);

        var (forced, promoted) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/promote", new { dr_operation_token = batch, force = true }, token: "");
        Assert.True(forced == 200, promoted?.ToJsonString());
        var dr = await DrStatusAsync(_secondary);
        Assert.Equal("primary", (string?)dr["mode"]);
        Assert.Equal(clusterId, (string?)dr["cluster_id"]);
        var (read, secret) = await _secondary.JsonAsync(HttpMethod.Get, "kv/app", token: _primary.RootToken);
        Assert.Equal(200, read);
        Assert.Equal("from-primary", (string?)secret!["data"]!["value"]);
        var (written, _) = await _secondary.JsonAsync(HttpMethod.Post, "kv/app", new { value = "promoted" }, token: _primary.RootToken);
        Assert.Equal(204, written);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the secondary's first copy");
            await Task.Delay(50);
        }
    }
}
