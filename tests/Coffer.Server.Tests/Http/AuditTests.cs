using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>The file audit device: what it records, what it hides, and that audit fails closed.</summary>
public sealed class AuditTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-audit-").FullName;
    private TestServer _server = null!;

    private string LogPath => Path.Combine(_directory, "logs", "audit.log");

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartUnsealedAsync(options: new CoreOptions { AllowAuditLogPrefixing = true });
        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        var (status, _) = await _server.JsonAsync(HttpMethod.Put, "sys/audit/file", new { type = "file", options = new { file_path = LogPath } });
        Assert.Equal(204, status);
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task BatchTokenUse_IsRecorded_WithTheTokenHmacedEverywhere()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "auth/token/roles/batch", new { token_type = "batch", orphan = true, renewable = false, allowed_policies = "default" })).Status);
        var (_, created) = await _server.JsonAsync(HttpMethod.Post, "auth/token/create/batch", new { ttl = "1h" });
        var batch = (string)created!["auth"]!["client_token"]!;
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self", token: batch)).Status);

        var text = await File.ReadAllTextAsync(LogPath);
        Assert.DoesNotContain(batch, text);
        Assert.DoesNotContain(_server.RootToken, text);

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var (_, hashed) = await _server.JsonAsync(HttpMethod.Post, "sys/audit-hash/file", new { input = batch });
        var hash = (string)hashed!["data"]!["hash"]!;
        Assert.StartsWith("hmac-sha256:", hash);

        var lookupLines = lines.Where(l => (string?)l["request"]!["path"] == "auth/token/lookup-self").ToList();
        Assert.Contains(lookupLines, l => (string?)l["type"] == "request" && (string?)l["request"]!["client_token"] == hash);
        Assert.Contains(lookupLines, l => (string?)l["type"] == "response" && (string?)l["auth"]!["token_type"] == "batch");
        var createResponse = lines.Single(l => (string?)l["type"] == "response" && (string?)l["request"]!["path"] == "auth/token/create/batch");
        Assert.Equal(hash, (string?)createResponse["response"]!["auth"]!["client_token"]);
    }

    [Fact]
    public async Task WritesAndReads_EachLeaveARequestLineThenAResponseLine()
    {
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Post, "cubbyhole/note", new { text = "hello" })).Status);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "cubbyhole/note")).Status);
        Assert.Equal(404, (await _server.JsonAsync(HttpMethod.Get, "cubbyhole/missing")).Status);

        var lines = (await File.ReadAllLinesAsync(LogPath)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        foreach (var path in new[] { "cubbyhole/note", "cubbyhole/missing" })
        {
            foreach (var request in lines.Where(l => (string?)l["request"]!["path"] == path).GroupBy(l => (string?)l["request"]!["id"]))
            {
                // A read's two lines go out in one write, so they are also adjacent.
                Assert.Equal(["request", "response"], request.Select(l => (string?)l["type"]));
            }
        }

        var read = lines.FindIndex(l => (string?)l["request"]!["path"] == "cubbyhole/note" && (string?)l["request"]!["operation"] == "read");
        Assert.Equal("request", (string?)lines[read]["type"]);
        Assert.Equal("response", (string?)lines[read + 1]["type"]);
        Assert.Equal((string?)lines[read]["request"]!["id"], (string?)lines[read + 1]["request"]!["id"]);
    }

    [Fact]
    public async Task DeviceOptions_LogRawHmacAccessorPrefixAndMode_AreHonoured()
    {
        var rawPath = Path.Combine(_directory, "raw.log");
        var (enabled, _) = await _server.JsonAsync(HttpMethod.Put, "sys/audit/raw", new
        {
            type = "file",
            options = new { file_path = rawPath, log_raw = "true", prefix = "coffer:", mode = "0640" },
        });
        Assert.Equal(204, enabled);
        var plainPath = Path.Combine(_directory, "accessors.log");
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Put, "sys/audit/accessors", new
        {
            type = "file",
            options = new { file_path = plainPath, hmac_accessor = "false" },
        })).Status);

        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "auth/token/lookup-self")).Status);

        var raw = (await File.ReadAllLinesAsync(rawPath)).Where(l => l.Length > 0).ToList();
        Assert.All(raw, line => Assert.StartsWith("coffer:{", line));
        Assert.Contains(raw, line => line.Contains(_server.RootToken, StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(rawPath));
        }

        var plain = (await File.ReadAllLinesAsync(plainPath)).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        var request = plain.First(l => (string?)l["request"]!["path"] == "auth/token/lookup-self");
        Assert.StartsWith("hmac-sha256:", (string?)request["auth"]!["client_token"]);
        Assert.DoesNotContain("hmac-sha256:", (string?)request["auth"]!["accessor"]);
    }

    [Fact]
    public async Task UnwritableAuditFile_RefusesRequests_UntilRestored()
    {
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "sys/key-status")).Status);

        // Tests run as root, for whom file permissions do not apply; removing the directory makes the file unreachable.
        Directory.Delete(Path.GetDirectoryName(LogPath)!, recursive: true);
        var (failed, body) = await _server.JsonAsync(HttpMethod.Get, "sys/key-status");
        Assert.Equal(500, failed);
        Assert.Contains("audit", (string?)body!["errors"]![0]);

        Directory.CreateDirectory(Path.GetDirectoryName(LogPath)!);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "sys/key-status")).Status);
        Assert.Contains("sys/key-status", await File.ReadAllTextAsync(LogPath));
    }

    [Fact]
    public async Task ListAndDisable()
    {
        var (status, list) = await _server.JsonAsync(HttpMethod.Get, "sys/audit");
        Assert.Equal(200, status);
        Assert.Equal("file", (string?)list!["data"]!["file/"]!["type"]);
        Assert.Equal("file", (string?)list["file/"]!["type"]);
        Assert.Equal(204, (await _server.JsonAsync(HttpMethod.Delete, "sys/audit/file")).Status);
        Directory.Delete(Path.GetDirectoryName(LogPath)!, recursive: true);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Get, "sys/key-status")).Status);
    }
}
