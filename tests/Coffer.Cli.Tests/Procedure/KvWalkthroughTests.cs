using System.Text.Json.Nodes;
using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>The KV walk from the mounts issue, with the built CLI against a real dev server.</summary>
[Trait("Category", "Process")]
public sealed class KvWalkthroughTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("coffer-kv-").FullName;
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
    public async Task PutGetVersionsDeleteUndeleteDestroy_WithTheKvCommands()
    {
        await RunAsync("coffer kv put secret/app user=alice pass=s3cret");
        Assert.Equal("s3cret", (await RunAsync("coffer kv get -field=pass secret/app")).Stdout.Trim());

        for (var i = 2; i <= 4; i++)
        {
            await RunAsync($"coffer kv put secret/app user=alice pass=v{i}");
        }

        Assert.Equal("v2", (await RunAsync("coffer kv get -version=2 -field=pass secret/app")).Stdout.Trim());

        await RunAsync("coffer kv delete secret/app");
        // As in Vault, a deleted latest version prints its metadata (with a deletion time) and no data.
        var deleted = (await RunAsync("coffer kv get secret/app")).Stdout;
        Assert.Contains("deletion_time", deleted);
        Assert.DoesNotContain("== Data ==", deleted);
        Assert.DoesNotContain("v4", deleted);
        await RunAsync("coffer kv undelete -versions=4 secret/app");
        Assert.Equal("v4", (await RunAsync("coffer kv get -field=pass secret/app")).Stdout.Trim());
        await RunAsync("coffer kv destroy -versions=1 secret/app");

        var metadata = JsonNode.Parse((await RunAsync("coffer kv metadata get -format=json secret/app")).Stdout)!["data"]!;
        Assert.Equal(4, (int)metadata["current_version"]!);
        var versions = metadata["versions"]!;
        Assert.True((bool)versions["1"]!["destroyed"]!);
        Assert.False((bool)versions["4"]!["destroyed"]!);
        Assert.Equal("", (string?)versions["4"]!["deletion_time"]);

        var table = (await RunAsync("coffer kv metadata get secret/app")).Stdout;
        Assert.Contains("current_version", table);
        Assert.Contains("max_versions", table);
    }

    private async Task<ProcessResult> RunAsync(string script, int expectedExit = 0)
    {
        var result = await CofferExecutable.RunShellAsync(script, _environment, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == expectedExit, $"{script}\n{result}\n--- server\n{_server.Output}");
        return result;
    }
}
