using System.Net;
using System.Runtime.InteropServices;
using System.Security.Cryptography.X509Certificates;
using Coffer.Core;
using Coffer.Server.Cluster;
using Coffer.Server.Http;
using Coffer.Server.Replication;
using Coffer.Server.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Coffer.Server.Hosting;

/// <summary>
/// A running Coffer server: Kestrel listeners in front of one <see cref="CofferCore"/>. Tests, benchmarks and
/// <c>coffer server</c> all start servers through this class.
/// </summary>
public sealed class CofferServer : IAsyncDisposable
{
    /// <summary>The most bytes of request line and headers a listener reads: Go's default, which Vault keeps.</summary>
    internal const int RequestHeadLimit = 1024 * 1024;

    private readonly WebApplication _app;
    private readonly IDisposable? _reopenOnHangup;
    private readonly IDisposable _metrics;

    private readonly ClusterServices? _cluster;
    private readonly RaftNode? _raft;
    private readonly DrReplicationProvider _replication;

    private CofferServer(WebApplication app, CofferCore core, IDisposable metrics, ClusterServices? cluster, RaftNode? raft, DrReplicationProvider replication)
    {
        _app = app;
        _metrics = metrics;
        _cluster = cluster;
        _raft = raft;
        _replication = replication;
        Core = core;
        // SIGHUP reopens audit files, so log rotation (move, then signal) needs no restart.
        _reopenOnHangup = OperatingSystem.IsWindows() ? null : PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            core.Audit.ReopenAll();
        });
    }

    public CofferCore Core { get; }

    /// <summary>The bound addresses, e.g. <c>http://127.0.0.1:8200</c> (ports resolved when 0 was asked for).</summary>
    public IReadOnlyList<string> Addresses =>
        _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];

    public static async Task<CofferServer> StartAsync(CofferServerOptions options, CancellationToken cancellationToken)
    {
        // An empty builder: Coffer's configuration is its HCL file and flags. The slim builder would also read
        // appsettings.json, ASPNETCORE_* variables and the like from the working directory, and to reload that file it
        // watches the working directory with every folder below it: started from "/", as a service manager does, that
        // is tens of thousands of inotify watches and an event for every file written anywhere on the machine.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(CofferServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRouting();
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        // Kestrel's own per-request logs are noise at Information and could carry paths; keep them quiet.
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // With the hosting logger silenced, ASP.NET Core skips building a log scope for every request.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // The Raft engine warns, with a stack trace, on every heartbeat to an unreachable member; Coffer's own messages
        // and autopilot state report membership and health, so only the engine's errors are kept.
        builder.Logging.AddFilter("DotNext", LogLevel.Error);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = options.Listeners.Count == 0 ? 32 * 1024 * 1024 : options.Listeners.Max(l => l.MaxRequestSize);
            // Vault's Go HTTP server reads up to 1 MiB of request line and headers. Kestrel's defaults (an 8 KiB line,
            // 32 KiB of headers) would refuse, with an empty 414 or 431, long paths and large headers Vault answers.
            kestrel.Limits.MaxRequestLineSize = RequestHeadLimit;
            kestrel.Limits.MaxRequestHeadersTotalSize = RequestHeadLimit;
            kestrel.Limits.Http2.MaxRequestHeaderFieldSize = RequestHeadLimit;
            foreach (var listener in options.Listeners)
            {
                var endpoint = ParseEndpoint(listener.Address);
                kestrel.Listen(endpoint, listen =>
                {
                    // HTTP/2 needs TLS (ALPN); plain listeners speak HTTP/1.1.
                    listen.Protocols = listener.TlsEnabled ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                    if (listener.TlsEnabled)
                    {
                        var certificate = X509Certificate2.CreateFromPemFile(listener.TlsCertFile!, listener.TlsKeyFile);
                        listen.UseHttps(https =>
                        {
                            https.ServerCertificate = certificate;
                            https.SslProtocols = listener.TlsMinVersion == System.Security.Authentication.SslProtocols.Tls13
                                ? System.Security.Authentication.SslProtocols.Tls13
                                : System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
                        });
                    }
                });
            }
        });

        var app = builder.Build();
        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        if (options.Raft is { } raft)
        {
            await raft.OpenAsync(loggerFactory, cancellationToken).ConfigureAwait(false);
        }

        // Always below Core, so a DR primary can be enabled at runtime; it logs commits only while a primary.
        var replicationSettings = DrReplicationSettings.From(options.Listeners, () => ApiAddressOf(app, options), options.Raft?.ListenAddress);
        IReplicationRecorder recorder = options.Raft is { } node
            ? new RaftHistoryRecorder(node, options.Storage)
            : new ReplicationLogSwitch(options.Storage, options.Time, options.ReplicationLog);
        var replication = new DrReplicationProvider(recorder, replicationSettings, loggerFactory, options.Time);
        var core = new CofferCore(options.Core, replication.Storage, options.Time, loggerFactory, options.Raft, replication);
        var cluster = options.Raft is null ? null : new ClusterServices(core, options.Raft, loggerFactory);
        var raw = new SysRawEndpoints(core, ServerIdentity.Current, cluster?.Locator);
        var logical = new LogicalEndpoint(core);
        var metrics = new MetricsEndpoint(core);
        var maxRequestSize = options.Listeners.Count == 0 ? 32L * 1024 * 1024 : options.Listeners.Min(l => l.MaxRequestSize);

        app.UseMiddleware<ErrorHandlingMiddleware>();
        app.UseMiddleware<DrReplicationHttpGate>(core);
        app.Map("/v1/{**path}", (HttpContext context, string? path) =>
        {
            RequestParser.LimitBody(context, maxRequestSize);
            path ??= string.Empty;
            Task ServeLocally() => path == "sys/metrics" ? metrics.HandleAsync(context)
                : SysRawEndpoints.Paths.Contains(path) ? raw.HandleAsync(context, path)
                : logical.HandleAsync(context, path);

            return cluster is null ? ServeLocally()
                : path == "sys/storage/raft/join" ? cluster.Join.HandleAsync(context)
                : cluster.Forwarder.ShouldForward(path) ? cluster.Forwarder.ForwardAsync(context, ServeLocally)
                : path == HeartbeatEndpoint.Path ? cluster.Heartbeats.HandleAsync(context)
                : ServeLocally();
        });
        app.MapFallback(context => VaultResponseWriter.WriteErrorAsync(context, StatusCodes.Status404NotFound, []));

        // A secondary's mode is known before the first request, and it follows its primary while still sealed. On
        // integrated storage the mode is replicated: every node follows it, and the leader runs the engine.
        if (options.Raft is null)
        {
            await core.Replication.RestoreAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            core.Replication.StartWatching();
        }

        try
        {
            if (options.BeforeListening is { } prepare)
            {
                await prepare(core, cancellationToken).ConfigureAwait(false);
            }

            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Preparation that failed, or a listener that cannot bind, must not leave the Raft node or the replicator
            // running in the background.
            await replication.DisposeAsync().ConfigureAwait(false);
            if (cluster is not null)
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
                await options.Raft!.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }

        return new CofferServer(app, core, metrics, cluster, options.Raft, replication);
    }

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _reopenOnHangup?.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _metrics.Dispose();
        await Core.Replication.StopWatchingAsync().ConfigureAwait(false);
        await _replication.DisposeAsync().ConfigureAwait(false);
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync().ConfigureAwait(false);
        }

        if (_raft is not null)
        {
            await _raft.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary><c>api_addr</c>, else the first listener's bound URL (known once the server listens).</summary>
    private static string ApiAddressOf(WebApplication app, CofferServerOptions options) =>
        options.Core.ApiAddress.Length > 0
            ? options.Core.ApiAddress
            : app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? string.Empty;

    private static IPEndPoint ParseEndpoint(string address)
    {
        var text = address.Contains("://", StringComparison.Ordinal) ? new Uri(address).Authority : address;
        if (!IPEndPoint.TryParse(text, out var endpoint))
        {
            var separator = text.LastIndexOf(':');
            var host = separator < 0 ? text : text[..separator];
            var port = separator < 0 ? 8200 : int.Parse(text[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            var ip = host is "localhost" or "" ? IPAddress.Loopback : Dns.GetHostAddresses(host)[0];
            endpoint = new IPEndPoint(ip, port);
        }

        return endpoint;
    }
}
