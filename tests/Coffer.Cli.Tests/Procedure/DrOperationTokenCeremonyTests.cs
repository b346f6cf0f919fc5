using System.Text.Json.Nodes;
using Coffer.Cli.Tests.Support;
using Coffer.Testing.Servers;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>
/// User story step 7: without a batch token, key holders generate a DR operation token on the secondary with
/// <c>coffer operator generate-root -dr-token</c>, and it authorises one DR operation. The secondary is a demoted
/// primary (a DR secondary following nobody) served in process; its shares are 5, threshold 3.
/// </summary>
public sealed class DrOperationTokenCeremonyTests : IAsyncLifetime
{
    private TestServer _server = null!;
    private CliRunner _cli = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await TestServer.StartAsync();
        await _server.InitAndUnsealAsync(5, 3);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new { })).Status);
        Assert.Equal(200, (await _server.JsonAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", new { })).Status);
        _cli = new CliRunner(_server.Address);
        // The primary's root token (no TTL) authenticates on its DR secondary, as in Vault 2.x.
        _cli.Env["VAULT_TOKEN"] = _server.RootToken;
    }

    public async ValueTask DisposeAsync()
    {
        _cli.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task DrToken_InitSharesDecode_TokenAuthorisesOneOperation()
    {
        var otp = (await RunOkAsync("operator", "generate-root", "-dr-token", "-generate-otp")).Stdout.Trim();
        Assert.Equal(28, otp.Length);

        var init = JsonNode.Parse((await RunOkAsync("operator", "generate-root", "-dr-token", "-init", "-otp=" + otp, "-format=json")).Stdout)!;
        var nonce = (string)init["nonce"]!;
        Assert.True((bool)init["started"]!);
        Assert.Equal(3, (int)init["required"]!);

        var status = await RunOkAsync("operator", "generate-root", "-dr-token", "-status");
        Assert.Contains("Progress      0/3", status.Stdout);
        Assert.Contains("Nonce         " + nonce, status.Stdout);

        var first = await RunOkAsync("operator", "generate-root", "-dr-token", "-nonce=" + nonce, _server.UnsealKeys[0]);
        Assert.Contains("Progress      1/3", first.Stdout);
        _cli.Stdin = _server.UnsealKeys[1] + "\n";
        var second = await RunOkAsync("operator", "generate-root", "-dr-token", "-nonce=" + nonce, "-");
        Assert.Contains("Progress      2/3", second.Stdout);
        _cli.Stdin = "";
        var last = JsonNode.Parse((await RunOkAsync("operator", "generate-root", "-dr-token", "-nonce=" + nonce, "-format=json", _server.UnsealKeys[2])).Stdout)!;
        Assert.True((bool)last["complete"]!);
        Assert.Equal("", (string?)last["encoded_root_token"]);
        var encoded = (string)last["encoded_token"]!;

        var token = (await RunOkAsync("operator", "generate-root", "-dr-token", "-decode=" + encoded, "-otp=" + otp)).Stdout.Trim();
        Assert.Matches("^hvs\\.[0-9A-Za-z]{24}$", token);

        var used = await RunOkAsync("write", "sys/replication/dr/secondary/update-primary", "dr_operation_token=" + token, "token=");
        Assert.Contains("Success!", used.Stdout);

        var again = await _cli.RunAsync("write", "sys/replication/dr/secondary/update-primary", "dr_operation_token=" + token, "token=");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("Code: 403", again.Stderr);
        Assert.Contains("* permission denied", again.Stderr);
        Assert.Contains("was already used", again.Stderr);
    }

    [Fact]
    public async Task DrToken_GeneratedOtpAndCancel_AgainstTheSecondary()
    {
        var init = await RunOkAsync("operator", "generate-root", "-dr-token", "-init");
        Assert.Contains("OTP Length    28", init.Stdout);
        Assert.Matches("OTP +[0-9A-Za-z]{28}\n", init.Stdout);

        var busy = await _cli.RunAsync("operator", "generate-root", "-dr-token", "-init");
        Assert.Equal(2, busy.ExitCode);
        Assert.Contains("root generation already in progress", busy.Stderr);

        var cancel = await RunOkAsync("operator", "generate-root", "-dr-token", "-cancel");
        Assert.Contains("canceled", cancel.Stdout);
        Assert.Contains("Started       false", (await RunOkAsync("operator", "generate-root", "-dr-token", "-status")).Stdout);
    }

    [Fact]
    public async Task DrToken_ShareWithoutAnAttempt_ExplainsHowToStartOne()
    {
        var result = await _cli.RunAsync("operator", "generate-root", "-dr-token", "-nonce=x", _server.UnsealKeys[0]);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("\"coffer operator generate-root -dr-token -init\"", result.Stderr.Replace("\n", " "));
    }

    [Fact]
    public async Task DrToken_WithoutAToken_IsPermissionDenied()
    {
        _cli.Env.Remove("VAULT_TOKEN");

        var result = await _cli.RunAsync("operator", "generate-root", "-dr-token", "-status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Code: 403", result.Stderr);
    }

    private async Task<CliResult> RunOkAsync(params string[] args)
    {
        var result = await _cli.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"{string.Join(' ', args)} exited {result.ExitCode}: {result.Stderr}");
        return result;
    }
}
