using System.Security.Authentication;

namespace Coffer.Server.Hosting;

/// <summary>One HTTP listener: address, optional TLS, request limits.</summary>
public sealed record ListenerOptions(string Address)
{
    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    public SslProtocols TlsMinVersion { get; init; } = SslProtocols.Tls12;

    public long MaxRequestSize { get; init; } = 32 * 1024 * 1024;

    /// <summary><c>host:port</c> for cluster traffic (DR replication); null means the API port + 1 on the same host.</summary>
    public string? ClusterAddress { get; init; }

    public bool TlsEnabled => !string.IsNullOrEmpty(TlsCertFile);
}
