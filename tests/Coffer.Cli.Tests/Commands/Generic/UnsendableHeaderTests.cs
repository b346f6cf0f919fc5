using Coffer.Cli.Tests.Support;

namespace Coffer.Cli.Tests.Commands.Generic;

/// <summary>
/// A header value with a line break would smuggle extra headers into the request; the CLI refuses to send it,
/// names the header and never prints the value (it may be a token).
/// </summary>
public sealed class UnsendableHeaderTests
{
    private const string Smuggled = "hvs.canary\r\nX-Injected: 1";

    [Theory]
    [InlineData("VAULT_TOKEN", "X-Vault-Token")]
    [InlineData("VAULT_NAMESPACE", "X-Vault-Namespace")]
    [InlineData("VAULT_WRAP_TTL", "X-Vault-Wrap-TTL")]
    [InlineData("COFFER_TOKEN", "X-Vault-Token")]
    public async Task ControlCharacterInVariable_IsRefusedBeforeSending_Exit2(string variable, string header)
    {
        await using var server = await RecordingServer.StartAsync();
        server.On("GET", "/v1/secret/data/app", 200, """{"data":{"data":{"k":"v"}}}""");
        using var cli = new CliRunner(server.Address);
        cli.Env[variable] = Smuggled;

        var result = await cli.RunAsync("read", "secret/data/app");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(
            $"Error reading secret/data/app: Get \"{server.Address}/v1/secret/data/app\": invalid header field value for \"{header}\": control characters are not allowed\n",
            result.Stderr);
        Assert.DoesNotContain("canary", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
    }

    [Theory]
    [InlineData("-header==v", "Failed to set header : invalid header field name \"\"")]
    [InlineData("-header=X Custom=v", "Failed to set header X Custom: invalid header field name \"X Custom\"")]
    [InlineData("-header=X-Custom=a\nX-Injected: 1", "Failed to set header X-Custom: invalid header field value for \"X-Custom\": control characters are not allowed")]
    public async Task UnsendableHeaderFlag_IsAUsageError_Exit1(string flag, string message)
    {
        await using var server = await RecordingServer.StartAsync();
        using var cli = new CliRunner(server.Address);
        cli.Env["VAULT_TOKEN"] = "hvs.mine";

        var result = await cli.RunAsync("kv", "get", flag, "secret/app");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(message + "\n", result.Stderr);
        Assert.Empty(server.Requests);
    }
}
