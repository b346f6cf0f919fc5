using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Http;

/// <summary>
/// <c>sys/audit/:path</c> refuses options a device could not honour, with a 400 naming the option, and enables
/// nothing; the file device's <c>mode</c> is the file's, as chmod sets it.
/// </summary>
public sealed class AuditOptionsContractTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-audit-options-").FullName;
    private TestServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await TestServer.StartUnsealedAsync();

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task<(int Status, System.Text.Json.Nodes.JsonObject? Body)> EnableAsync(string path, Dictionary<string, string> options) =>
        _server.JsonAsync(HttpMethod.Put, "sys/audit/" + path, new { type = "file", options });

    [Theory]
    [InlineData("hmac_accessor", "maybe", "'hmac_accessor'")]
    [InlineData("log_raw", "perhaps", "'log_raw'")]
    [InlineData("mode", "xyz", "octal")]
    [InlineData("mode", "0689", "octal")]
    [InlineData("mode", "17777", "octal")]
    [InlineData("mode", "0755", "executable")]
    [InlineData("mode", "0601", "executable")]
    [InlineData("format", "jsonx", "jsonx")]
    [InlineData("exclude", "[{\"fields\":[\"/request/data\"]}]", "\"exclude\" is not supported")]
    [InlineData("filter", "mount_type == kv", "\"filter\" is not supported")]
    [InlineData("fallback", "true", "\"fallback\" is not supported")]
    [InlineData("elide_list_responses", "true", "\"elide_list_responses\" is not supported")]
    [InlineData("prefix", "coffer:", "allow_audit_log_prefixing")]
    public async Task OptionThatCannotBeHonoured_Is400_AndEnablesNothing(string option, string value, string named)
    {
        var file = Path.Combine(_directory, "audit.log");

        var (status, body) = await EnableAsync("refused", new() { ["file_path"] = file, [option] = value });

        Assert.Equal(400, status);
        Assert.Contains(named, (string?)body!["errors"]![0], StringComparison.Ordinal);
        var (_, devices) = await _server.JsonAsync(HttpMethod.Get, "sys/audit");
        Assert.False(devices!.ContainsKey("refused/"));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Mode_IsSetOnAnExistingFile_AndZeroLeavesItAlone()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var narrowed = Path.Combine(_directory, "narrowed.log");
        var untouched = Path.Combine(_directory, "untouched.log");
        const UnixFileMode Before = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
        foreach (var file in new[] { narrowed, untouched })
        {
            await File.WriteAllTextAsync(file, string.Empty);
            File.SetUnixFileMode(file, Before);
        }

        Assert.Equal(204, (await EnableAsync("narrowed", new() { ["file_path"] = narrowed, ["mode"] = "0600" })).Status);
        Assert.Equal(204, (await EnableAsync("untouched", new() { ["file_path"] = untouched, ["mode"] = "0000" })).Status);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(narrowed));
        Assert.Equal(Before, File.GetUnixFileMode(untouched));
    }
}
