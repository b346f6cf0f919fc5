using Coffer.Server.Storage;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>KV through the whole server: mounting, versions over HTTP, and durability on the file backend.</summary>
public sealed class KvHttpTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-kv-").FullName;

    [Fact]
    public async Task KvV2_OnFileBackend_SurvivesRestart()
    {
        IReadOnlyList<string> keys;
        string root;
        using (var storage = await FileBackend.OpenAsync(_directory))
        {
            await using var server = await TestServer.StartAsync(storage);
            await server.InitAndUnsealAsync(1, 1);
            (keys, root) = (server.UnsealKeys, server.RootToken);
            Assert.Equal(204, (await server.JsonAsync(HttpMethod.Post, "sys/mounts/secret", new { type = "kv", options = new { version = "2" } })).Status);
            Assert.Equal(200, (await server.JsonAsync(HttpMethod.Post, "secret/data/app", new { data = new { pass = "one" } })).Status);
            Assert.Equal(200, (await server.JsonAsync(HttpMethod.Post, "secret/data/app", new { data = new { pass = "two" } })).Status);
        }

        using (var storage = await FileBackend.OpenAsync(_directory))
        {
            await using var server = await TestServer.StartAsync(storage);
            await server.JsonAsync(HttpMethod.Put, "sys/unseal", new { key = keys[0] }, token: "");
            var (status, body) = await server.JsonAsync(HttpMethod.Get, "secret/data/app?version=1", token: root);
            Assert.Equal(200, status);
            Assert.Equal("one", (string?)body!["data"]!["data"]!["pass"]);
            var (_, latest) = await server.JsonAsync(HttpMethod.Get, "secret/data/app", token: root);
            Assert.Equal(2, (int)latest!["data"]!["metadata"]!["version"]!);
            Assert.Equal("kv", (string?)latest["mount_type"]);
        }
    }

    [Fact]
    public async Task DisablingAMount_RemovesItsDataAndNothingElse()
    {
        await using var server = await TestServer.StartUnsealedAsync();
        await server.JsonAsync(HttpMethod.Post, "sys/mounts/a", new { type = "kv" });
        await server.JsonAsync(HttpMethod.Post, "sys/mounts/b", new { type = "kv" });
        await server.JsonAsync(HttpMethod.Post, "a/x", new { v = "1" });
        await server.JsonAsync(HttpMethod.Post, "b/x", new { v = "2" });
        Assert.Equal(204, (await server.JsonAsync(HttpMethod.Delete, "sys/mounts/a")).Status);
        Assert.Equal(404, (await server.JsonAsync(HttpMethod.Get, "a/x")).Status);
        var (status, body) = await server.JsonAsync(HttpMethod.Get, "b/x");
        Assert.Equal(200, status);
        Assert.Equal("2", (string?)body!["data"]!["v"]);

        // Remounting keeps data: the storage prefix is the mount's UUID.
        Assert.Equal(200, (await server.JsonAsync(HttpMethod.Post, "sys/remount", new { from = "b", to = "c" })).Status);
        Assert.Equal("2", (string?)(await server.JsonAsync(HttpMethod.Get, "c/x")).Body!["data"]!["v"]);
    }

    [Fact]
    public async Task MountTune_AndUiMounts_ReportVersion()
    {
        await using var server = await TestServer.StartUnsealedAsync();
        await server.JsonAsync(HttpMethod.Post, "sys/mounts/kv", new { type = "kv", options = new { version = "1" } });
        Assert.Equal(204, (await server.JsonAsync(HttpMethod.Post, "sys/mounts/kv/tune", new { default_lease_ttl = "1h", description = "tuned" })).Status);
        var (_, tune) = await server.JsonAsync(HttpMethod.Get, "sys/mounts/kv/tune");
        Assert.Equal(3600, (int)tune!["data"]!["default_lease_ttl"]!);
        Assert.Equal("tuned", (string?)tune["data"]!["description"]);
        var (_, ui) = await server.JsonAsync(HttpMethod.Get, "sys/internal/ui/mounts/kv/some/secret", token: "");
        Assert.Equal("1", (string?)ui!["data"]!["options"]!["version"]);
        Assert.Equal("kv/", (string?)ui["data"]!["path"]);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
