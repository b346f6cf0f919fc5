using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Cluster;

/// <summary>
/// Every <see cref="Interval"/>, an unsealed standby tells the active node how far it has applied the log, in which
/// term, and its version (Vault's echo); the active node's autopilot state is computed from these heartbeats.
/// </summary>
internal sealed class HeartbeatSender(CofferCore core, RaftNode node, ActiveNodeLocator locator, HttpClient http, ILogger logger) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(2);

    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public void Start() => _loop = RunAsync(_stop.Token);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(Interval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!stop.IsCancellationRequested && core.IsStandby && node.Member is not null)
            {
                await SendOnceAsync(stop).ConfigureAwait(false);
            }
        }
    }

    private async Task SendOnceAsync(CancellationToken stop)
    {
        try
        {
            if (await locator.FindAsync(stop).ConfigureAwait(false) is not { } active)
            {
                return;
            }

            var body = new JsonObject { ["node_id"] = node.NodeId, ["heartbeat"] = core.SealHeartbeat() };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(SendTimeout);
            using var response = await http.PostAsJsonAsync(active.ApiAddress.TrimEnd('/') + "/v1/sys/storage/raft/heartbeat", body, timeout.Token)
                .ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                ClusterLog.HeartbeatFailed(logger, $"HTTP {(int)response.StatusCode}");
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or CofferException)
        {
            ClusterLog.HeartbeatFailed(logger, e.Message);
        }
    }
}
