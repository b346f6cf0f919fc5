using System.Net;
using System.Text.Json.Nodes;
using Coffer.Testing.Processes;

namespace Coffer.Cli.Tests.Procedure;

/// <summary>
/// A dev server initialises, unseals and mounts <c>secret/</c> before it accepts connections, as Vault's does: the
/// very first request it answers already sees all of it.
/// </summary>
[Trait("Category", "Process")]
public sealed class DevServerReadinessTests
{
    [Fact]
    public async Task FirstAnswer_ComesFromAnUnsealedActiveServerWithSecretMounted()
    {
        var port = CofferExecutable.FreeLoopbackPort();
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        stop.CancelAfter(TimeSpan.FromSeconds(60));

        // Asks without pause from before the process starts, so the first answer is the first the server can give.
        var firstAnswer = Task.Run(async () =>
        {
            while (true)
            {
                stop.Token.ThrowIfCancellationRequested();
                try
                {
                    using var health = await http.GetAsync("/v1/sys/health", stop.Token);
                    return health.StatusCode;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
            }
        });

        await using var server = await CofferServerProcess.StartAsync(
            ["-dev", "-dev-root-token-id=root", $"-dev-listen-address=127.0.0.1:{port}", "-dev-no-store-token"], port);

        Assert.Equal(HttpStatusCode.OK, await firstAnswer);
        using var mounts = new HttpRequestMessage(HttpMethod.Get, "/v1/sys/mounts");
        mounts.Headers.Add("X-Vault-Token", "root");
        using var response = await http.SendAsync(mounts, stop.Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(stop.Token))!;
        Assert.Equal("kv", (string?)body["data"]!["secret/"]!["type"]);
    }
}
