using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Audit;

public sealed class AuditCommandTests
{
    [Fact]
    public async Task Enable_File_PutsTypeAndOptions()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/audit/file", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("audit", "enable", "file", "file_path=/var/log/coffer/audit.log");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Success! Enabled the file audit device at: file/\n", result.Stdout);
        Assert.Equal("""{"type":"file","description":"","options":{"file_path":"/var/log/coffer/audit.log"},"local":false}""", server.Single("PUT", "/v1/sys/audit/file").BodyJson.ToJsonString());
    }

    [Fact]
    public async Task Enable_WithPath_UsesIt()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("PUT", "/v1/sys/audit/primary-log", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("audit", "enable", "-path=primary-log", "file", "file_path=stdout");

        Assert.Equal("Success! Enabled the file audit device at: primary-log/\n", result.Stdout);
    }

    [Fact]
    public async Task Disable_DeletesDevice()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("DELETE", "/v1/sys/audit/file", 204);
        using var cli = new CliRunner(server.Address);

        var result = await cli.RunAsync("audit", "disable", "file/");

        Assert.Equal("Success! Disabled audit device (if it was enabled) at: file/\n", result.Stdout);
    }

    [Fact]
    public async Task List_ShowsDevicesOrSaysNoneAndExits2()
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/sys/audit", 200, """{"data":{"file/":{"type":"file","description":"","options":{"file_path":"stdout"},"local":false,"path":"file/"}}}""");
        using var cli = new CliRunner(server.Address);

        var listed = await cli.RunAsync("audit", "list", "-detailed");

        Assert.Equal(0, listed.ExitCode);
        Assert.Equal("""
            Path     Type    Description    Replication    Options
            ----     ----    -----------    -----------    -------
            file/    file    n/a            replicated     map[file_path:stdout]

            """.ReplaceLineEndings("\n"), listed.Stdout);

        server.On("GET", "/v1/sys/audit", 200, """{"data":{}}""");
        var none = await cli.RunAsync("audit", "list");

        Assert.Equal(2, none.ExitCode);
        Assert.Equal("No audit devices are enabled.\n", none.Stdout);
    }
}
