using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Seal;
using Coffer.Sdk.Physical;
using Coffer.Server.Hosting;

namespace Coffer.Testing.Servers;

/// <summary>
/// A real Coffer server in this process, on 127.0.0.1 with a free port, over the storage given (in-memory by
/// default). Tests talk to it over real HTTP, exactly as clients do.
/// </summary>
public sealed class TestServer : IAsyncDisposable
{
    private TestServer(CofferServer server, HttpClient http)
    {
        Server = server;
        Http = http;
    }

    public CofferServer Server { get; }

    public CofferCore Core => Server.Core;

    public HttpClient Http { get; }

    public string Address => Server.Addresses[0];

    /// <summary>Root token after <see cref="InitAndUnsealAsync"/>.</summary>
    public string RootToken { get; private set; } = string.Empty;

    public IReadOnlyList<string> UnsealKeys { get; private set; } = [];

    public static async Task<TestServer> StartAsync(IPhysicalBackend? storage = null, CoreOptions? options = null, long maxRequestSize = 32 * 1024 * 1024)
    {
        var server = await CofferServer.StartAsync(
            new CofferServerOptions(
                [new ListenerOptions("127.0.0.1:0") { MaxRequestSize = maxRequestSize }],
                storage ?? new InMemoryBackend(),
                BuiltinEngines.Configure(options ?? new CoreOptions()))
            {
                LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            },
            CancellationToken.None);
        var http = new HttpClient { BaseAddress = new Uri(server.Addresses[0]) };
        return new TestServer(server, http);
    }

    /// <summary>
    /// Starts a server on integrated storage (a single Raft node, not yet initialised) with its data in
    /// <paramref name="dataPath"/>; <c>sys/init</c> bootstraps a one-node cluster.
    /// </summary>
    public static async Task<TestServer> StartOnRaftAsync(string dataPath, string nodeId = "node-1")
    {
        var apiPort = Processes.CofferExecutable.FreeLoopbackPort();
        var clusterAddress = $"127.0.0.1:{Processes.CofferExecutable.FreeLoopbackPort()}";
        var apiAddress = $"http://127.0.0.1:{apiPort}";
        var core = BuiltinEngines.Configure(new CoreOptions { ApiAddress = apiAddress });
        var raft = new Server.Cluster.RaftNode(
            new Server.Cluster.RaftNodeOptions
            {
                NodeId = nodeId,
                DataPath = dataPath,
                ClusterAddress = clusterAddress,
                ListenAddress = clusterAddress,
                PerformanceMultiplier = 1,
                Version = core.Version,
            },
            TimeProvider.System);
        var server = await CofferServer.StartAsync(
            new CofferServerOptions([new ListenerOptions($"127.0.0.1:{apiPort}")], new Server.Cluster.RaftNodeStorage(raft), core)
            {
                LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
                Raft = raft,
            },
            CancellationToken.None);
        return new TestServer(server, new HttpClient { BaseAddress = new Uri(server.Addresses[0]) });
    }

    /// <summary>Starts a server that is initialised and unsealed (like a dev server), returning it ready to use.</summary>
    public static async Task<TestServer> StartUnsealedAsync(IPhysicalBackend? storage = null, CoreOptions? options = null, int shares = 1, int threshold = 1)
    {
        var server = await StartAsync(storage, options);
        await server.InitAndUnsealAsync(shares, threshold);
        return server;
    }

    public async Task InitAndUnsealAsync(int shares, int threshold)
    {
        var init = await Core.InitializeAsync(new SealConfig(shares, threshold), null, CancellationToken.None);
        RootToken = init.RootToken;
        UnsealKeys = init.KeyShares.Select(Convert.ToBase64String).ToList();
        await UnsealAsync();
    }

    public async Task UnsealAsync()
    {
        foreach (var key in UnsealKeys.Take((await Core.GetSealConfigAsync(CancellationToken.None))!.SecretThreshold))
        {
            await Core.SubmitUnsealKeyAsync(key, CancellationToken.None);
        }
    }

    /// <summary>Sends a request with the given token (root by default; pass "" for none).</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var request = new HttpRequestMessage(method, "/v1/" + path);
        var effectiveToken = token ?? RootToken;
        if (effectiveToken.Length > 0)
        {
            request.Headers.Add("X-Vault-Token", effectiveToken);
        }

        if (body is not null)
        {
            request.Content = body is string text ? new StringContent(text) : JsonContent.Create(body);
        }

        return await Http.SendAsync(request);
    }

    /// <summary>Sends and parses the JSON body (null for 204).</summary>
    public async Task<(int Status, JsonObject? Body)> JsonAsync(HttpMethod method, string path, object? body = null, string? token = null)
    {
        using var response = await SendAsync(method, path, body, token);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text)?.AsObject());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Server.DisposeAsync();
    }
}
