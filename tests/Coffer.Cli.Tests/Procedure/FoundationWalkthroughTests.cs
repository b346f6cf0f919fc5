using System.Text.Json.Nodes;
using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>
/// The foundation's end-to-end walk, with the CLI alone against a file-backed server started from a config file:
/// init (5 shares, threshold 3), refused while sealed, unseal, rotate, restart, sealed again, unseal, the rotated
/// term in key-status, and generate-root to a working new root token.
/// </summary>
[Trait("Category", "Process")]
public sealed class FoundationWalkthroughTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-walk-").FullName;
    private int _port;
    private string _config = string.Empty;
    private CofferServerProcess? _server;
    private readonly Dictionary<string, string> _environment = [];

    public ValueTask InitializeAsync()
    {
        _port = CofferExecutable.FreeLoopbackPort();
        _config = Path.Combine(_directory, "coffer.hcl");
        File.WriteAllText(_config, $$"""
            # A single file-backed server, as an operator would write it.
            storage "file" {
              path = "{{Path.Combine(_directory, "data")}}"
            }

            listener "tcp" {
              address     = "127.0.0.1:{{_port}}"
              tls_disable = true
            }

            api_addr      = "http://127.0.0.1:{{_port}}"
            disable_mlock = true
            """);
        _environment["VAULT_ADDR"] = $"http://127.0.0.1:{_port}";
        _environment["HOME"] = _directory;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task InitUnsealRotateRestartGenerateRoot_WithTheCliAlone()
    {
        _server = await CofferServerProcess.StartAsync(["-config", _config], _port);

        var init = JsonNode.Parse((await RunAsync("coffer operator init -key-shares=5 -key-threshold=3 -format=json")).Stdout)!;
        var keys = init["unseal_keys_b64"]!.AsArray().Select(k => (string)k!).ToList();
        Assert.Equal(5, keys.Count);
        var root = (string)init["root_token"]!;
        _environment["VAULT_TOKEN"] = root;

        var sealedStatus = await RunAsync("coffer status", expectedExit: 2);
        Assert.Contains("Sealed", sealedStatus.Stdout);
        var refused = await RunAsync("coffer read sys/mounts", expectedExit: 2);
        Assert.Contains("Code: 503", refused.Stderr);
        Assert.Contains("Vault is sealed", refused.Stderr);

        foreach (var key in keys.Take(3))
        {
            await RunAsync($"coffer operator unseal '{key}'");
        }

        await RunAsync("coffer status");
        await RunAsync("coffer operator rotate");

        await _server.DisposeAsync();
        _server = await CofferServerProcess.StartAsync(["-config", _config], _port);
        await RunAsync("coffer status", expectedExit: 2);
        foreach (var key in keys.Skip(2))
        {
            await RunAsync($"coffer operator unseal '{key}'");
        }

        var keyStatus = JsonNode.Parse((await RunAsync("coffer operator key-status -format=json")).Stdout)!;
        Assert.Equal(2, (int)keyStatus["term"]!);

        var attempt = JsonNode.Parse((await RunAsync("coffer operator generate-root -init -format=json")).Stdout)!;
        var nonce = (string)attempt["nonce"]!;
        var otp = (string)attempt["otp"]!;
        JsonNode? last = null;
        foreach (var key in keys.Skip(1).Take(3))
        {
            last = JsonNode.Parse((await RunAsync($"coffer operator generate-root -format=json -nonce={nonce} '{key}'")).Stdout);
        }

        var encoded = (string)last!["encoded_token"]!;
        var newRoot = (await RunAsync($"coffer operator generate-root -decode={encoded} -otp={otp}")).Stdout.Trim();
        Assert.StartsWith("hvs.", newRoot);
        Assert.NotEqual(root, newRoot);

        _environment["VAULT_TOKEN"] = newRoot;
        var lookup = JsonNode.Parse((await RunAsync("coffer token lookup -format=json")).Stdout)!;
        Assert.Equal("root", (string?)lookup["data"]!["policies"]![0]);
    }

    private async Task<ProcessResult> RunAsync(string script, int expectedExit = 0)
    {
        var result = await CofferExecutable.RunShellAsync(script, _environment, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == expectedExit, $"{script}\n{result}\n--- server\n{_server?.Output}");
        return result;
    }
}
