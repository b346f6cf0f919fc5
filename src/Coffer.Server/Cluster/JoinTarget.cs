namespace Coffer.Server.Cluster;

/// <summary>A leader to join through its API, with the TLS settings of that connection (PEM contents, not paths).</summary>
internal sealed record JoinTarget(string LeaderApiAddress)
{
    /// <summary>CA certificate the leader's API certificate must chain to; null trusts the system store.</summary>
    public string? CaCertificatePem { get; init; }

    public string? ClientCertificatePem { get; init; }

    public string? ClientKeyPem { get; init; }

    /// <summary>Name expected in the leader's certificate when it differs from the address's host.</summary>
    public string? TlsServerName { get; init; }
}
