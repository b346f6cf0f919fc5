using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>Response wrapping round-trips through the CLI: <c>-wrap-ttl</c> on a request, then <c>coffer unwrap</c>.</summary>
[Trait("Category", "Process")]
public sealed class WrappingWalkthroughTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("coffer-wrap-").FullName;
    private CofferServerProcess _server = null!;
    private Dictionary<string, string> _environment = null!;

    public async ValueTask InitializeAsync()
    {
        var port = CofferExecutable.FreeLoopbackPort();
        _server = await CofferServerProcess.StartAsync(["-dev", "-dev-root-token-id=root", $"-dev-listen-address=127.0.0.1:{port}", "-dev-no-store-token"], port);
        _environment = new() { ["VAULT_ADDR"] = _server.Address, ["VAULT_TOKEN"] = "root", ["HOME"] = _home };
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task WrapTtl_ThenUnwrapOnce()
    {
        await RunAsync("coffer kv put secret/wrapped answer=42");
        var wrappingToken = (await RunAsync("coffer kv get -wrap-ttl=5m -field=wrapping_token secret/wrapped")).Stdout.Trim();
        Assert.StartsWith("hvs.", wrappingToken);

        var unwrapped = await RunAsync($"coffer unwrap -format=json {wrappingToken}");
        Assert.Contains("\"answer\": \"42\"", unwrapped.Stdout);

        var again = await RunAsync($"coffer unwrap {wrappingToken}", expectedExit: 2);
        Assert.Contains("wrapping token is not valid or does not exist", again.Stderr);
    }

    private async Task<ProcessResult> RunAsync(string script, int expectedExit = 0)
    {
        var result = await CofferExecutable.RunShellAsync(script, _environment, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == expectedExit, $"{script}\n{result}\n--- server\n{_server.Output}");
        return result;
    }
}
