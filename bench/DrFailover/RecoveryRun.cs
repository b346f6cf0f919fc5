using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.Bench.DrFailover;

/// <summary>
/// Loses the primary of a <see cref="DrPair"/> (SIGKILL, or demote), then promotes the secondary with the batch DR
/// operation token while a loop writes a KV secret to the secondary's active node every few milliseconds: the
/// recovery time is from sending the promote request to the first write answered with a 2xx.
/// </summary>
internal static class RecoveryRun
{
    private const string ProbePath = "secret/data/failover-probe";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);
    private const int BaselineWrites = 20;

    public static async Task<RecoveryMeasurement> MeasureAsync(DrPair pair, bool demote, CancellationToken cancellationToken)
    {
        var secondary = await pair.Secondary.WaitForActiveAsync();
        using var writes = NewClient();
        using var promotes = NewClient();

        // Open both connections (and compile the driver's paths) before the clock starts: refused writes, health.
        for (var i = 0; i < 3; i++)
        {
            using var warm = await WriteAsync(writes, secondary, pair.RootToken, cancellationToken);
            using var health = await promotes.GetAsync($"{secondary.Address}/v1/sys/health", cancellationToken);
        }

        var lost = Stopwatch.StartNew();
        if (demote)
        {
            await pair.PrimaryNode.RequireAsync(HttpMethod.Post, "sys/replication/dr/primary/demote", new JsonObject(), pair.RootToken);
        }
        else
        {
            await pair.PrimaryNode.KillAsync();
        }

        // Promotion is refused while the secondary still sees a live stream from its primary (the split-brain guard):
        // the measurement starts once it has noticed the loss, as an operator's promote would.
        await Eventually.TrueAsync(async () => (string?)(await DrPair.DrStatusAsync(secondary))["connection_state"] != "ready",
            TimeSpan.FromSeconds(20), "the secondary to notice the primary's loss", cancellationToken, PollInterval);
        var detection = lost.Elapsed;

        var clock = Stopwatch.StartNew();
        var promote = PromoteAsync(promotes, secondary, pair.BatchToken, clock, cancellationToken);
        var firstWrite = PollWritesAsync(writes, secondary, pair.RootToken, clock, cancellationToken);
        await Task.WhenAll(promote, firstWrite);
        var (promoteStatus, promoteAnswered, promoteBody) = await promote;
        if (promoteStatus is < 200 or > 299)
        {
            throw new InvalidOperationException($"promote answered {promoteStatus}: {promoteBody}");
        }

        var (accepted, refused, lastRefusal, refusals) = await firstWrite;

        // Baseline of the same run: an ordinary write round trip on the new primary, once it serves.
        var rounds = new List<TimeSpan>();
        for (var i = 0; i < BaselineWrites; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await WriteAsync(writes, secondary, pair.RootToken, cancellationToken);
            response.EnsureSuccessStatusCode();
            rounds.Add(Stopwatch.GetElapsedTime(start));
        }

        rounds.Sort();
        return new RecoveryMeasurement(detection, promoteAnswered, accepted, refused, lastRefusal, refusals, rounds[rounds.Count / 2]);
    }

    private static async Task<(int Status, TimeSpan Answered, string Body)> PromoteAsync(HttpClient client, ClusterNodeProcess node, string batchToken,
        Stopwatch clock, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["dr_operation_token"] = batchToken,
            ["primary_cluster_addr"] = string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{CofferExecutable.FreeLoopbackPort()}"),
        };
        using var response = await client.PutAsJsonAsync($"{node.Address}/v1/sys/replication/dr/secondary/promote", body, cancellationToken);
        var answered = clock.Elapsed;
        return ((int)response.StatusCode, answered, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>One write at a time, a few milliseconds apart, until one is accepted; counts the refusals by status.</summary>
    private static async Task<(TimeSpan Accepted, int Refused, TimeSpan LastRefusal, string Refusals)> PollWritesAsync(HttpClient client, ClusterNodeProcess node, string rootToken,
        Stopwatch clock, CancellationToken cancellationToken)
    {
        var refusals = new SortedDictionary<int, int>();
        var refused = 0;
        var lastRefusal = TimeSpan.Zero;
        while (clock.Elapsed < GiveUpAfter)
        {
            int status;
            try
            {
                using var response = await WriteAsync(client, node, rootToken, cancellationToken);
                status = (int)response.StatusCode;
            }
            catch (HttpRequestException)
            {
                status = 0;
            }

            if (status is >= 200 and <= 299)
            {
                var accepted = clock.Elapsed;
                return (accepted, refused, lastRefusal, string.Join(", ", refusals.Select(r => $"{r.Key}x{r.Value}")));
            }

            refused++;
            lastRefusal = clock.Elapsed;
            refusals[status] = refusals.GetValueOrDefault(status) + 1;
            await Task.Delay(PollInterval, cancellationToken);
        }

        throw new TimeoutException($"no write accepted within {GiveUpAfter.TotalSeconds} s of the promote request (refused: {string.Join(", ", refusals)})");
    }

    private static async Task<HttpResponseMessage> WriteAsync(HttpClient client, ClusterNodeProcess node, string rootToken, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{node.Address}/v1/{ProbePath}")
        {
            Content = JsonContent.Create(new JsonObject { ["data"] = new JsonObject { ["written"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() } }),
        };
        request.Headers.Add("X-Vault-Token", rootToken);
        return await client.SendAsync(request, cancellationToken);
    }

    private static HttpClient NewClient() =>
        new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
}
