using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coffer.Testing.Processes;

namespace Coffer.DrTests;

/// <summary>
/// One single-node Coffer cluster for DR tests: a <c>coffer server</c> process on 127.0.0.1 over file storage in its
/// own directory, started from a config file as an operator writes it, and an HTTP client to it. Restartable on the
/// same storage; disposing kills the process.
/// </summary>
internal sealed class DrNode : IAsyncDisposable
{
    private readonly string _config;
    private CofferServerProcess? _process;

    private DrNode(string name, string directory, int port, string extraConfig)
    {
        Name = name;
        Port = port;
        Address = $"http://127.0.0.1:{port}";
        _config = Path.Combine(directory, name + ".hcl");
        File.WriteAllText(_config, $$"""
            storage "file" {
              path = "{{Path.Combine(directory, name + "-data")}}"
            }

            listener "tcp" {
              address     = "127.0.0.1:{{port}}"
              tls_disable = true
            }

            api_addr      = "http://127.0.0.1:{{port}}"
            disable_mlock = true
            {{extraConfig}}
            """);
        Http = new HttpClient { BaseAddress = new Uri(Address + "/v1/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public string Name { get; }

    public int Port { get; }

    public string Address { get; }

    public HttpClient Http { get; }

    public IReadOnlyList<string> UnsealKeys { get; private set; } = [];

    public string RootToken { get; private set; } = string.Empty;

    public string Output => _process?.Output ?? string.Empty;

    /// <summary>
    /// Starts a node whose API port and the port after it (the DR cluster port) are both free, so two nodes of one
    /// test never collide.
    /// </summary>
    /// <param name="extraConfig">More top-level configuration, such as a <c>replication { ... }</c> stanza.</param>
    public static async Task<DrNode> StartAsync(string name, string directory, string extraConfig = "")
    {
        var port = CofferExecutable.FreeLoopbackPortPair(new HashSet<int>());
        var node = new DrNode(name, directory, port, extraConfig);
        await node.StartProcessAsync();
        return node;
    }

    public async Task StartProcessAsync() =>
        _process = await CofferServerProcess.StartAsync(["-config", _config], Port, timeout: TimeSpan.FromSeconds(60));

    /// <summary>Kills the process (no graceful shutdown: storage must survive a crash).</summary>
    public async Task KillAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async Task InitAsync(int shares, int threshold)
    {
        var init = await SendAsync(HttpMethod.Put, "sys/init", new JsonObject { ["secret_shares"] = shares, ["secret_threshold"] = threshold }, token: "");
        UnsealKeys = init["keys_base64"]!.AsArray().Select(k => (string)k!).ToList();
        RootToken = (string)init["root_token"]!;
    }

    /// <summary>Submits <paramref name="keys"/> (this node's by default) until unsealed.</summary>
    public async Task UnsealAsync(IReadOnlyList<string>? keys = null)
    {
        foreach (var key in keys ?? UnsealKeys)
        {
            var status = await SendAsync(HttpMethod.Put, "sys/unseal", new JsonObject { ["key"] = key }, token: "");
            if (!(bool)status["sealed"]!)
            {
                return;
            }
        }

        throw new ServerRefusedException($"{Name} is still sealed after every key");
    }

    /// <summary>Sends a request and asserts a 2xx answer; returns the JSON body (empty object for 204).</summary>
    public async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body = null, string? token = null)
    {
        using var response = await RawAsync(method, path, body, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} on {Name}: {(int)response.StatusCode} {text}\n--- server\n{Output}");
        return text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!;
    }

    /// <summary>Sends a request and asserts the status code; returns the JSON body (empty object when none).</summary>
    public async Task<JsonObject> ExpectAsync(HttpStatusCode expected, HttpMethod method, string path, JsonObject? body = null, string? token = null)
    {
        using var response = await RawAsync(method, path, body, token);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} on {Name}: expected {(int)expected}, got {(int)response.StatusCode} {text}");
        return text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!;
    }

    public async Task<HttpResponseMessage> RawAsync(HttpMethod method, string path, JsonObject? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        var effective = token ?? RootToken;
        if (effective.Length > 0)
        {
            request.Headers.Add("X-Vault-Token", effective);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>The <c>data</c> of <c>sys/replication/dr/status</c> (no token needed, sealed or not).</summary>
    public async Task<JsonObject> DrStatusAsync() =>
        (JsonObject)(await SendAsync(HttpMethod.Get, "sys/replication/dr/status", token: ""))["data"]!;

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Http.Dispose();
    }
}
