using System.Text.Json.Nodes;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Replication;

/// <summary>
/// Two in-process servers: a primary demoted to a secondary, then attached to another primary with
/// <c>update-primary</c> (no wipe). Its data becomes a copy of the new primary's, keyring included, so it seals
/// itself and unseals with the new primary's keys.
/// </summary>
public sealed class DemotedPrimaryTests : IAsyncLifetime
{
    private const string DrPolicy = """
        path "sys/replication/dr/secondary/update-primary" { capabilities = ["update"] }
        path "sys/replication/dr/secondary/disable" { capabilities = ["update"] }
        """;

    private TestServer _old = null!;
    private TestServer _new = null!;

    public async ValueTask InitializeAsync()
    {
        _old = await TestServer.StartUnsealedAsync();
        _new = await TestServer.StartUnsealedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _old.DisposeAsync();
        await _new.DisposeAsync();
    }

    [Fact]
    public async Task DemotedPrimary_UpdatePrimary_BecomesACopyOfTheNewPrimary()
    {
        var oldBatch = await PrepareDrTokenAsync(_old);
        await Send(_old, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        await Send(_old, HttpMethod.Post, "sys/replication/dr/primary/demote", new { });

        var newBatch = await PrepareDrTokenAsync(_new);
        await Send(_new, HttpMethod.Post, "sys/mounts/secret", new { type = "kv" });
        await Send(_new, HttpMethod.Post, "secret/app", new { password = "from-new" });
        await Send(_new, HttpMethod.Post, "sys/replication/dr/primary/enable", new { });
        var minted = await Send(_new, HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new { id = "old-primary" });
        var activation = (string)minted!["wrap_info"]!["token"]!;

        var (status, body) = await _old.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/update-primary", new
        {
            dr_operation_token = oldBatch, token = activation, primary_api_addr = _new.Address,
        }, token: "");
        Assert.True(status == 204, body?.ToJsonString());

        // The copy replaces the keyring with one the old root key cannot open: the old primary seals itself.
        await WaitUntilAsync(() => Task.FromResult(_old.Core.IsSealed), "the demoted primary to seal on the new keyring");
        var synced = await WaitForStatusAsync(s => (string?)s["state"] == "stream-wals" && (string?)s["last_reindex_epoch"] != "0");
        Assert.Equal("old-primary", (string?)synced["secondary_id"]);
        Assert.False((bool)synced["demoted"]!);
        foreach (var key in _new.UnsealKeys)
        {
            await _old.Core.SubmitUnsealKeyAsync(key, CancellationToken.None);
        }

        Assert.False(_old.Core.IsSealed);
        await Send(_new, HttpMethod.Post, "secret/app", new { password = "after-attach" });
        var target = (long)(await DrStatusAsync(_new))["last_wal"]!;
        await WaitForStatusAsync(s => (long)s["last_remote_wal"]! >= target);

        // A batch token of the new primary validates here; disabling leaves the new primary's data served.
        var (disabled, error) = await _old.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/disable", new { dr_operation_token = newBatch }, token: "");
        Assert.True(disabled == 204, error?.ToJsonString());
        var (read, secret) = await _old.JsonAsync(HttpMethod.Get, "secret/app", token: _new.RootToken);
        Assert.Equal(200, read);
        Assert.Equal("after-attach", (string?)secret!["data"]!["password"]);
        var (oldRoot, _) = await _old.JsonAsync(HttpMethod.Get, "secret/app", token: _old.RootToken);
        Assert.Equal(403, oldRoot);
    }

    private static async Task<string> PrepareDrTokenAsync(TestServer server)
    {
        await Send(server, HttpMethod.Put, "sys/policies/acl/dr", new { policy = DrPolicy });
        await Send(server, HttpMethod.Post, "auth/token/roles/dr", new { allowed_policies = "dr", orphan = true, renewable = false, token_type = "batch" });
        var created = await Send(server, HttpMethod.Post, "auth/token/create/dr", new { ttl = "1h" });
        return (string)created!["auth"]!["client_token"]!;
    }

    private static async Task<JsonObject?> Send(TestServer server, HttpMethod method, string path, object body)
    {
        var (status, response) = await server.JsonAsync(method, path, body);
        Assert.True(status is >= 200 and < 300, $"{method} {path}: {status} {response?.ToJsonString()}");
        return response;
    }

    private static async Task<JsonObject> DrStatusAsync(TestServer server)
    {
        var (_, body) = await server.JsonAsync(HttpMethod.Get, "sys/replication/dr/status", token: "");
        return body!["data"]!.AsObject();
    }

    private async Task<JsonObject> WaitForStatusAsync(Func<JsonObject, bool> done)
    {
        JsonObject? last = null;
        await WaitUntilAsync(async () => done(last = await DrStatusAsync(_old)), "the demoted primary's replication status");
        return last!;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(50);
        }
    }
}
