using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Generic;

public sealed class TlsTests
{
    [Fact]
    public async Task CaCertFlag_TrustsServerSignedByThatCa()
    {
        using var certificates = new TestCertificates();
        await using var server = await RecordingServer.StartAsync(certificates.Server);
        server.On("GET", "/v1/secret/foo", 200, """{"data":{"k":"v"}}""");
        using var cli = new CliRunner(server.Address);
        var caFile = Path.Combine(cli.Home, "ca.pem");
        File.WriteAllText(caFile, certificates.CaPem);

        var result = await cli.RunAsync("read", "-ca-cert=" + caFile, "secret/foo");

        Assert.StartsWith("https://", server.Address, StringComparison.Ordinal);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("Key    Value\n---    -----\nk      v\n", result.Stdout);
    }

    [Fact]
    public async Task CaPathVariable_TrustsEveryCertificateInTheDirectory()
    {
        using var certificates = new TestCertificates();
        await using var server = await RecordingServer.StartAsync(certificates.Server);
        server.On("GET", "/v1/secret/foo", 200, """{"data":{"k":"v"}}""");
        using var cli = new CliRunner(server.Address);
        var caDirectory = Directory.CreateDirectory(Path.Combine(cli.Home, "cas")).FullName;
        File.WriteAllText(Path.Combine(caDirectory, "ca.pem"), certificates.CaPem);
        cli.Env["VAULT_CAPATH"] = caDirectory;

        var result = await cli.RunAsync("read", "secret/foo");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task UnknownCa_IsRejected()
    {
        using var certificates = new TestCertificates();
        using var otherCa = new TestCertificates();
        await using var server = await RecordingServer.StartAsync(certificates.Server);
        using var cli = new CliRunner(server.Address);
        var caFile = Path.Combine(cli.Home, "other.pem");
        File.WriteAllText(caFile, otherCa.CaPem);

        var result = await cli.RunAsync("read", "-ca-cert=" + caFile, "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"Error reading secret/foo: Get \"{server.Address}/v1/secret/foo\": ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SkipVerifyVariable_AcceptsAnyCertificate()
    {
        using var certificates = new TestCertificates();
        await using var server = await RecordingServer.StartAsync(certificates.Server);
        server.On("GET", "/v1/secret/foo", 200, """{"data":{"k":"v"}}""");
        using var cli = new CliRunner(server.Address);
        cli.Env["COFFER_SKIP_VERIFY"] = "true";

        var result = await cli.RunAsync("read", "secret/foo");

        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public async Task MissingCaFile_IsClientError()
    {
        using var cli = new CliRunner("https://127.0.0.1:9");

        var result = await cli.RunAsync("read", "-ca-cert=/nonexistent/ca.pem", "secret/foo");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("Error initializing client: ", result.Stderr, StringComparison.Ordinal);
    }
}
