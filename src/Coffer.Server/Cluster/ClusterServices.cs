using Coffer.Core;

namespace Coffer.Server.Cluster;

/// <summary>The server's parts of integrated storage around one core: join, forwarding, heartbeats sent and received, leader lookup.</summary>
internal sealed class ClusterServices : IAsyncDisposable
{
    /// <summary>Forwarded requests may include a join answer, which waits for the new node to catch up.</summary>
    private static readonly TimeSpan ForwardTimeout = TimeSpan.FromMinutes(3);

    private readonly HttpClient _http;
    private readonly HeartbeatSender _heartbeats;

    public ClusterServices(CofferCore core, RaftNode node, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger("Coffer.Server.Cluster");
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(5),
        })
        {
            Timeout = ForwardTimeout,
        };
        Locator = new ActiveNodeLocator(core, node);
        Forwarder = new RequestForwarder(core, node.NodeId, Locator, _http, logger);
        Join = new RaftJoinEndpoint(core, node);
        Heartbeats = new HeartbeatEndpoint(core);
        _heartbeats = new HeartbeatSender(core, node, Locator, _http, logger);
        _heartbeats.Start();
    }

    public ActiveNodeLocator Locator { get; }

    public RequestForwarder Forwarder { get; }

    public RaftJoinEndpoint Join { get; }

    public HeartbeatEndpoint Heartbeats { get; }

    public async ValueTask DisposeAsync()
    {
        await _heartbeats.DisposeAsync().ConfigureAwait(false);
        _http.Dispose();
    }
}
