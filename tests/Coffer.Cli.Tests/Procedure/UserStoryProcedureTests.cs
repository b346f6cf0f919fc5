using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>
/// Steps 1–4 of the operator's procedure (shared/spec/00-user-story.md), typed into a shell verbatim with the built
/// <c>coffer</c> against a real <c>coffer server -dev</c> process, then the batch token used over raw HTTP.
/// </summary>
[Trait("Category", "Process")]
public sealed class UserStoryProcedureTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("coffer-home-").FullName;
    private CofferServerProcess _server = null!;
    private Dictionary<string, string> _environment = null!;

    public async ValueTask InitializeAsync()
    {
        var port = CofferExecutable.FreeLoopbackPort();
        _server = await CofferServerProcess.StartAsync(
            ["-dev", "-dev-root-token-id=root", $"-dev-listen-address=127.0.0.1:{port}", "-dev-no-store-token"], port);
        _environment = new Dictionary<string, string>
        {
            ["VAULT_ADDR"] = _server.Address,
            ["VAULT_TOKEN"] = "root",
            ["HOME"] = _home,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact]
    public async Task Steps1To4_ThroughTheCli_ThenTheBatchTokenOverHttp()
    {
        var step1 = await RunAsync("""
            coffer policy write dr-secondary-promotion - <<EOF
            path "sys/replication/dr/secondary/promote" {
              capabilities = [ "update" ]
            }

            # To update the primary to connect
            path "sys/replication/dr/secondary/update-primary" {
                capabilities = [ "update" ]
            }

            # Only if using integrated storage (raft) as the storage backend
            # To read the current autopilot status
            path "sys/storage/raft/autopilot/state" {
                capabilities = [ "update" , "read" ]
            }
            EOF
            """);
        Assert.Contains("Success! Uploaded policy: dr-secondary-promotion", step1.Stdout);

        var step2 = await RunAsync("coffer policy list");
        Assert.Equal(["default", "dr-secondary-promotion", "root"], step2.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

        var step3 = await RunAsync("""
            coffer write auth/token/roles/failover-handler \
                allowed_policies=dr-secondary-promotion \
                orphan=true \
                renewable=false \
                token_type=batch
            """);
        Assert.Contains("Success! Data written to: auth/token/roles/failover-handler", step3.Stdout);

        var step4 = await RunAsync("coffer token create -role=failover-handler -ttl=8h");
        var rows = step4.Stdout.Split('\n').Select(l => l.Split("    ", 2, StringSplitOptions.TrimEntries)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1].Trim());
        Assert.StartsWith("hvb.", rows["token"]);
        Assert.Equal("8h", rows["token_duration"]);
        Assert.Equal("false", rows["token_renewable"]);
        Assert.Equal("[\"default\" \"dr-secondary-promotion\"]", rows["token_policies"]);
        var batch = rows["token"];

        using var http = new HttpClient { BaseAddress = new Uri(_server.Address) };
        async Task<(int Status, JsonObject? Body)> SendAsync(HttpMethod method, string path, object? body = null)
        {
            using var request = new HttpRequestMessage(method, "/v1/" + path);
            request.Headers.Add("X-Vault-Token", batch);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }

            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text)!.AsObject());
        }

        var (lookupStatus, lookup) = await SendAsync(HttpMethod.Get, "auth/token/lookup-self");
        Assert.Equal(200, lookupStatus);
        Assert.Equal("batch", (string?)lookup!["data"]!["type"]);

        var (renewStatus, renew) = await SendAsync(HttpMethod.Post, "auth/token/renew-self", new { });
        Assert.Equal(400, renewStatus);
        Assert.Equal("batch tokens cannot be renewed", (string?)renew!["errors"]![0]);

        var (childStatus, child) = await SendAsync(HttpMethod.Post, "auth/token/create", new { });
        Assert.Equal(403, childStatus);
        Assert.Equal("permission denied", (string?)child!["errors"]![0]);

        var (outsideStatus, outside) = await SendAsync(HttpMethod.Get, "secret/data/anything");
        Assert.Equal(403, outsideStatus);
        Assert.Equal("permission denied", (string?)outside!["errors"]![0]);

        var (capStatus, caps) = await SendAsync(HttpMethod.Post, "sys/capabilities-self", new { paths = new[] { "sys/replication/dr/secondary/promote" } });
        Assert.Equal(200, capStatus);
        Assert.Equal(["update"], caps!["capabilities"]!.AsArray().Select(c => (string?)c));

        var (raftStatus, raft) = await SendAsync(HttpMethod.Get, "sys/storage/raft/autopilot/state");
        Assert.Equal(400, raftStatus);
        Assert.Contains("integrated storage", (string?)raft!["errors"]![0]);
    }

    private async Task<ProcessResult> RunAsync(string script)
    {
        var result = await CofferExecutable.RunShellAsync(script, _environment, TimeSpan.FromSeconds(60));
        Assert.True(result.ExitCode == 0, result.ToString());
        return result;
    }
}
