using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Coffer.Testing.Processes;

/// <summary>
/// One node of a <see cref="CofferCluster"/>: its configuration file, data directory and ports, the running
/// <c>coffer server</c> process (if any), and HTTP helpers against its API.
/// </summary>
public sealed class ClusterNodeProcess : IAsyncDisposable
{
    // Redirects are answers under test (a standby's 307), not something to follow.
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(30) };

    internal ClusterNodeProcess(string nodeId, string directory, int apiPort, int clusterPort)
    {
        NodeId = nodeId;
        DataPath = Path.Combine(directory, nodeId);
        ConfigPath = Path.Combine(directory, nodeId + ".hcl");
        ApiPort = apiPort;
        ClusterPort = clusterPort;
    }

    public string NodeId { get; }

    public string DataPath { get; }

    public string ConfigPath { get; }

    public int ApiPort { get; }

    public int ClusterPort { get; }

    public string Address => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ApiPort}");

    public string ClusterAddress => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{ClusterPort}");

    public CofferServerProcess? Process { get; private set; }

    public bool IsRunning => Process is not null;

    /// <summary>What the server printed so far (or before it was killed), for failure messages.</summary>
    public string Output => Process?.Output ?? _lastOutput;

    private string _lastOutput = string.Empty;

    /// <summary>
    /// Writes the node's configuration: raft storage in its own directory, one plain-HTTP listener on loopback.
    /// Performance multiplier 2 by default (elections after 300–600 ms of silence) keeps tests quick without letting
    /// a busy test machine cause spurious elections.
    /// </summary>
    internal void WriteConfig(ClusterNodeProcess? retryJoinLeader, string raftSettings = "", int performanceMultiplier = 2)
    {
        var extra = raftSettings.Length == 0 ? string.Empty : "\n  " + raftSettings.Trim().Replace("\n", "\n  ", StringComparison.Ordinal);
        var retryJoin = retryJoinLeader is null ? string.Empty : $$"""

              retry_join {
                leader_api_addr = "{{retryJoinLeader.Address}}"
              }
            """;
        File.WriteAllText(ConfigPath, $$"""
            storage "raft" {
              path                   = "{{DataPath}}"
              node_id                = "{{NodeId}}"
              performance_multiplier = {{performanceMultiplier}}{{extra}}{{retryJoin}}
            }

            listener "tcp" {
              address         = "127.0.0.1:{{ApiPort}}"
              cluster_address = "127.0.0.1:{{ClusterPort}}"
              tls_disable     = true
            }

            api_addr      = "{{Address}}"
            cluster_addr  = "https://127.0.0.1:{{ClusterPort}}"
            disable_mlock = true
            """);
    }

    public async Task StartAsync()
    {
        if (Process is not null)
        {
            throw new InvalidOperationException($"{NodeId} is already running");
        }

        Process = await CofferServerProcess.StartAsync(["-config", ConfigPath], ApiPort);
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would; its data stays for a restart.</summary>
    public async Task KillAsync()
    {
        if (Process is { } process)
        {
            _lastOutput = process.Output;
            Process = null;
            await process.DisposeAsync();
        }
    }

    public async Task<(HttpStatusCode Status, JsonObject? Body)> SendAsync(HttpMethod method, string path, JsonObject? body = null, string? token = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var (status, answer, _) = await SendWithLocationAsync(method, path, body, token, headers);
        return (status, answer);
    }

    /// <summary>Like <see cref="SendAsync"/>, with the <c>Location</c> header of the answer.</summary>
    public async Task<(HttpStatusCode Status, JsonObject? Body, Uri? Location)> SendWithLocationAsync(HttpMethod method, string path,
        JsonObject? body = null, string? token = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, $"{Address}/v1/{path}");
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (token is not null)
        {
            request.Headers.Add("X-Vault-Token", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text) as JsonObject, response.Headers.Location);
    }

    /// <summary>Sends and requires a 2xx answer; the failure message carries the answer and the server's output.</summary>
    public async Task<JsonObject?> RequireAsync(HttpMethod method, string path, JsonObject? body = null, string? token = null)
    {
        var (status, answer) = await SendAsync(method, path, body, token);
        if ((int)status is < 200 or > 299)
        {
            throw new ServerRefusedException($"{method} {path} on {NodeId}: {(int)status} {answer?.ToJsonString()}\n--- {NodeId} output\n{Output}");
        }

        return answer;
    }

    public async Task<JsonObject> SealStatusAsync() => (await RequireAsync(HttpMethod.Get, "sys/seal-status"))!;

    /// <summary>Submits key shares until the node is unsealed.</summary>
    public async Task UnsealAsync(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            var status = (await RequireAsync(HttpMethod.Put, "sys/unseal", new JsonObject { ["key"] = key }))!;
            if (!(bool)status["sealed"]!)
            {
                return;
            }
        }

        throw new ServerRefusedException($"{NodeId} is still sealed after every key share");
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
