using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Bench.DrBench;

/// <summary>
/// One <c>coffer server</c> seen over HTTP: set-up requests (JSON in, JSON out, any non-2xx is fatal) and a cheap
/// write path for the measured loops (pre-encoded body, status code only). Status polls go through their own
/// single-connection client (<see cref="NewPoller"/>) so that they never queue behind the writes.
/// </summary>
internal sealed class CofferNode : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;

    public CofferNode(string name, string address, int pid)
    {
        Name = name;
        Address = address;
        Pid = pid;
        _http = NewClient(address, maxConnections: 512);
    }

    public string Name { get; }

    public string Address { get; }

    /// <summary>The server's process id, for its CPU time (0 when unknown).</summary>
    public int Pid { get; }

    public string Token { get; set; } = string.Empty;

    public IReadOnlyList<string> UnsealKeys { get; private set; } = [];

    public static HttpClient NewClient(string address, int maxConnections) =>
        new(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseProxy = false,
        })
        {
            BaseAddress = new Uri(address + "/v1/"),
            Timeout = TimeSpan.FromSeconds(60),
        };

    public HttpClient NewPoller() => NewClient(Address, maxConnections: 1);

    public async Task InitAndUnsealAsync()
    {
        var init = await SendAsync(HttpMethod.Put, "sys/init", new JsonObject { ["secret_shares"] = 1, ["secret_threshold"] = 1 }, token: "");
        UnsealKeys = [.. init["keys_base64"]!.AsArray().Select(k => (string)k!)];
        Token = (string)init["root_token"]!;
        await UnsealAsync(UnsealKeys);
    }

    public async Task UnsealAsync(IReadOnlyList<string> keys)
    {
        foreach (var key in keys)
        {
            var status = await SendAsync(HttpMethod.Put, "sys/unseal", new JsonObject { ["key"] = key }, token: "");
            if (!(bool)status["sealed"]!)
            {
                return;
            }
        }

        throw new InvalidOperationException($"{Name} is still sealed after every key");
    }

    /// <summary>Sends a set-up request; anything but a 2xx throws with the answer. Returns the body (empty for 204).</summary>
    public async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonObject? body = null, string? token = null)
    {
        var (status, text) = await TrySendAsync(method, path, body, token);
        if (status is < 200 or > 299)
        {
            throw new InvalidOperationException($"{method} {path} on {Name}: HTTP {status} {text}");
        }

        return text.Length == 0 ? [] : (JsonObject)JsonNode.Parse(text)!;
    }

    public async Task<(int Status, string Body)> TrySendAsync(HttpMethod method, string path, JsonObject? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, path);
        var effective = token ?? Token;
        if (effective.Length > 0)
        {
            request.Headers.Add("X-Vault-Token", effective);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A measured write: the body is pre-encoded, the answer only checked for success.</summary>
    public async Task<bool> WriteAsync(string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("X-Vault-Token", Token);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = Json;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Refused, reset, or not answered within the client's timeout: a failed write, counted by the caller.
            return false;
        }
    }

    /// <summary>The <c>data</c> of <c>sys/replication/dr/status</c> (no token needed, sealed or not).</summary>
    public async Task<JsonObject> DrStatusAsync() =>
        (JsonObject)(await SendAsync(HttpMethod.Get, "sys/replication/dr/status", token: ""))["data"]!;

    /// <summary>
    /// One field of the DR status read through <paramref name="poller"/>, synchronously (pollers run on their own
    /// threads, whose sleeps are finer than the timer queue's), parsed without building a tree.
    /// </summary>
    public static long PollWal(HttpClient poller, string field)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "sys/replication/dr/status");
        using var response = poller.Send(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return -1;
        }

        using var stream = response.Content.ReadAsStream();
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("data").TryGetProperty(field, out var value) ? value.GetInt64() : -1;
    }

    public void Dispose() => _http.Dispose();
}
