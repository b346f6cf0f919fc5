namespace Coffer.Server.Configuration;

/// <summary>One <c>retry_join { … }</c> block of the raft storage: a leader to join at start-up.</summary>
public sealed record RetryJoinConfig
{
    public required string LeaderApiAddr { get; init; }

    public string? LeaderCaCertFile { get; init; }

    public string? LeaderClientCertFile { get; init; }

    public string? LeaderClientKeyFile { get; init; }

    public string? LeaderTlsServerName { get; init; }
}
