using System.Security.Authentication;

namespace Coffer.Server.Configuration;

/// <summary>One <c>listener "tcp" { … }</c> block.</summary>
public sealed record ListenerConfig
{
    public const string DefaultAddress = "127.0.0.1:8200";
    public const long DefaultMaxRequestSize = 33_554_432;
    public static readonly TimeSpan DefaultMaxRequestDuration = TimeSpan.FromSeconds(90);

    /// <summary>Always <c>tcp</c>; other listener types are refused when loading.</summary>
    public string Type { get; init; } = "tcp";

    /// <summary><c>host:port</c> for the API.</summary>
    public string Address { get; init; } = DefaultAddress;

    /// <summary><c>host:port</c> for cluster traffic; null means the API port + 1 on the same host.</summary>
    public string? ClusterAddress { get; init; }

    public bool TlsDisable { get; init; }

    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary><see cref="SslProtocols.Tls12"/> (default) or <see cref="SslProtocols.Tls13"/>.</summary>
    public SslProtocols TlsMinVersion { get; init; } = SslProtocols.Tls12;

    /// <summary>Largest request body in bytes; null when a negative value in the file turned the limit off.</summary>
    public long? MaxRequestSize { get; init; } = DefaultMaxRequestSize;

    public TimeSpan MaxRequestDuration { get; init; } = DefaultMaxRequestDuration;
}
