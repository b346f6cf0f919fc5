using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Coffer.Replication.Storage;
using Coffer.Replication.Tls;
using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Replication.Primary;

/// <summary>
/// A DR primary: serves the replication log over gRPC (HTTP/2, mutual TLS under the primary's own CA) and
/// manages the secondaries allowed to follow it. Starting it the first time is "enable": it creates the
/// replication-set id and the CA, which later starts reuse.
/// </summary>
public sealed class PrimaryReplicator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly PrimaryIdentity _identity;
    private readonly PrimaryServices _services;
    private readonly CancellationTokenSource _stopping;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly X509Certificate2 _serverCertificate;
    private int _disposed;

    private PrimaryReplicator(
        WebApplication app, PrimaryIdentity identity, PrimaryServices services, CancellationTokenSource stopping,
        IPEndPoint boundEndpoint, string primaryClusterAddress, TimeProvider timeProvider, ILogger logger, X509Certificate2 serverCertificate)
    {
        _serverCertificate = serverCertificate;
        _app = app;
        _identity = identity;
        _services = services;
        _stopping = stopping;
        BoundEndpoint = boundEndpoint;
        PrimaryClusterAddress = primaryClusterAddress;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>The replication-set id (<c>cluster_id</c>), stable across restarts.</summary>
    public string ClusterId => _identity.ClusterId;

    public IPEndPoint BoundEndpoint { get; }

    /// <summary>The address put in activation bundles (<c>primary_cluster_addr</c>).</summary>
    public string PrimaryClusterAddress { get; }

    public IReplicationHistory Log => _services.Log;

    /// <summary>Serves the log a <see cref="ReplicatingBackend"/> keeps beside the data it writes.</summary>
    public static Task<PrimaryReplicator> StartAsync(
        ReplicatingBackend backend,
        PrimaryReplicatorOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return StartAsync(backend.Log, backend, options, loggerFactory, timeProvider, cancellationToken);
    }

    /// <summary>
    /// Serves <paramref name="history"/>; <paramref name="storage"/> holds the data it describes (re-index copies read
    /// it) and keeps the primary's identity and registry under the reserved prefix.
    /// </summary>
    public static async Task<PrimaryReplicator> StartAsync(
        IReplicationHistory history,
        IPhysicalBackend storage,
        PrimaryReplicatorOptions options,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        loggerFactory ??= NullLoggerFactory.Instance;
        timeProvider ??= TimeProvider.System;
        var logger = loggerFactory.CreateLogger("Coffer.Replication.Primary");

        var identity = await PrimaryIdentity.LoadOrCreateAsync(storage, options.KeyProtector, options.ClusterId, timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        var stopping = new CancellationTokenSource();
        WebApplication? app = null;
        X509Certificate2? serverCertificate = null;
        try
        {
            var registry = new SecondaryRegistry(storage);
            await registry.LoadAsync(cancellationToken).ConfigureAwait(false);
            var services = new PrimaryServices(history, storage, registry, options, timeProvider, logger, stopping.Token);

            // Kestrel uses the certificate on every handshake: it lives as long as the replicator.
            serverCertificate = identity.Authority.IssueServerCertificate(
                ServerHosts(options), timeProvider.GetUtcNow(), options.ServerCertificateLifetime);
            app = BuildHost(services, identity, serverCertificate, loggerFactory, options.ListenEndpoint);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);

            var bound = BoundEndpointOf(app, options.ListenEndpoint);
            var address = options.PrimaryClusterAddress ?? $"https://{bound}";
            PrimaryLog.Listening(logger, bound.ToString(), identity.ClusterId);
            return new PrimaryReplicator(app, identity, services, stopping, bound, address, timeProvider, logger, serverCertificate);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            stopping.Dispose();
            identity.Dispose();
            serverCertificate?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Issues credentials for a new secondary: a client certificate under this primary's CA, registered under
    /// <paramref name="secondaryId"/>. An id in use and not revoked is refused (<c>CofferException</c>, bad request).
    /// </summary>
    public async Task<ActivationBundle> IssueSecondaryCredentialsAsync(string secondaryId, CancellationToken cancellationToken = default)
    {
        SecondaryRegistry.ValidateId(secondaryId);
        var now = _timeProvider.GetUtcNow();
        var (certificate, certificatePem, keyPem) = _identity.Authority.IssueClientCertificate(secondaryId, now, _services.Options.ClientCertificateLifetime);
        using (certificate)
        {
            await _services.Registry.RegisterAsync(secondaryId, PeerCertificateValidator.Fingerprint(certificate), now, cancellationToken).ConfigureAwait(false);
        }

        PrimaryLog.CredentialsIssued(_logger, secondaryId);
        return new ActivationBundle
        {
            SecondaryId = secondaryId,
            ClusterId = ClusterId,
            PrimaryClusterAddress = PrimaryClusterAddress,
            CaCertificatePem = _identity.Authority.CertificatePem,
            ClientCertificatePem = certificatePem,
            ClientKeyPem = keyPem,
        };
    }

    /// <summary>Cuts the secondary's open streams and refuses its certificate from now on.</summary>
    public async Task RevokeAsync(string secondaryId, CancellationToken cancellationToken = default)
    {
        await _services.Registry.RevokeAsync(secondaryId, cancellationToken).ConfigureAwait(false);
        PrimaryLog.Revoked(_logger, secondaryId);
    }

    public PrimaryStatus GetStatus()
    {
        var secondaries = _services.Registry.Snapshot();
        return new PrimaryStatus(
            ClusterId,
            PrimaryClusterAddress,
            Log.LastIndex,
            _services.LastShippedIndex,
            Log.FirstRetainedIndex,
            secondaries.Where(s => !s.Revoked).Select(s => s.Id).ToList(),
            secondaries);
    }

    /// <summary>
    /// Forgets the primary role (<c>primary/disable</c>): the CA, the replication-set id, the registry and the log.
    /// Call it with no replicator running; a later start is a fresh enable with a new cluster id.
    /// </summary>
    public static async Task DeleteStateAsync(IPhysicalBackend storage, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var operations = new List<PhysicalOperation> { PhysicalOperation.Delete(ReplicationKeys.PrimaryIdentity), PhysicalOperation.Delete(ReplicationKeys.LogMeta) };
        foreach (var child in await storage.ListAsync(ReplicationKeys.SecondaryRegistryPrefix, cancellationToken).ConfigureAwait(false))
        {
            operations.Add(PhysicalOperation.Delete(ReplicationKeys.SecondaryRegistryPrefix + child));
        }

        foreach (var child in await storage.ListAsync(ReplicationKeys.LogEntryPrefix, cancellationToken).ConfigureAwait(false))
        {
            operations.Add(PhysicalOperation.Delete(ReplicationKeys.LogEntryPrefix + child));
        }

        await storage.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // End the long-lived streams first; otherwise the host would wait out its shutdown timeout for them.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
        _identity.Dispose();
        _serverCertificate.Dispose();
    }

    private static WebApplication BuildHost(
        PrimaryServices services, PrimaryIdentity identity, X509Certificate2 serverCertificate,
        ILoggerFactory loggerFactory, IPEndPoint endpoint)
    {
        // An empty builder: no appsettings, environment or command-line configuration, so nothing outside these
        // options (a "Kestrel" section, ASPNETCORE_URLS) can add listeners to the replication port's host.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(PrimaryReplicator).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRouting();
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(services);
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 1024 * 1024;
            o.MaxSendMessageSize = null;
        });

        var authority = identity.Authority.Certificate;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(endpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    SslProtocols = SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    ClientCertificateValidation = (certificate, _, _) =>
                        PeerCertificateValidator.IsIssuedBy(certificate, authority, PeerCertificateValidator.ClientAuthOid),
                });
            });
        });

        var app = builder.Build();
        app.MapGrpcService<DrReplicationService>();
        return app;
    }

    private static IPEndPoint BoundEndpointOf(WebApplication app, IPEndPoint requested)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (Uri.TryCreate(address, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
            {
                return new IPEndPoint(ip, uri.Port);
            }
        }

        return requested;
    }

    private static IEnumerable<string> ServerHosts(PrimaryReplicatorOptions options)
    {
        yield return "localhost";
        if (!options.ListenEndpoint.Address.Equals(IPAddress.Any) && !options.ListenEndpoint.Address.Equals(IPAddress.IPv6Any))
        {
            yield return options.ListenEndpoint.Address.ToString();
        }

        if (options.PrimaryClusterAddress is not null && Uri.TryCreate(options.PrimaryClusterAddress, UriKind.Absolute, out var uri))
        {
            yield return uri.Host.Trim('[', ']');
        }

        foreach (var host in options.ServerCertificateHosts)
        {
            yield return host;
        }
    }
}
