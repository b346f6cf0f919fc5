using System.Security.Authentication;

namespace Coffer.Server.Hosting;

/// <summary>One HTTP listener: address, optional TLS, request limits.</summary>
public sealed record ListenerOptions(string Address)
{
    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    public SslProtocols TlsMinVersion { get; init; } = SslProtocols.Tls12;

    public long MaxRequestSize { get; init; } = 32 * 1024 * 1024;

    public bool TlsEnabled => !string.IsNullOrEmpty(TlsCertFile);
}
