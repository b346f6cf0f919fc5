namespace Coffer.Server.Configuration;

/// <summary>The server configuration file (Vault's format, HCL or JSON) after loading, merging and validation.</summary>
public sealed record ServerConfig
{
    public static readonly TimeSpan DefaultLeaseTtlDefault = TimeSpan.FromHours(768);

    public IReadOnlyList<ListenerConfig> Listeners { get; init; } = [];

    /// <summary>Null when no <c>storage</c> (or legacy <c>backend</c>) block was given; only <c>-dev</c> runs without one.</summary>
    public StorageConfig? Storage { get; init; }

    /// <summary>The full URL this node advertises to clients (redirect target when active).</summary>
    public string? ApiAddr { get; init; }

    /// <summary>The full URL advertised to peers for server-to-server traffic.</summary>
    public string? ClusterAddr { get; init; }

    public bool DisableMlock { get; init; }

    public bool Ui { get; init; }

    /// <summary>One of trace, debug, info, warn, error.</summary>
    public string LogLevel { get; init; } = "info";

    public TimeSpan DefaultLeaseTtl { get; init; } = DefaultLeaseTtlDefault;

    public TimeSpan MaxLeaseTtl { get; init; } = DefaultLeaseTtlDefault;

    public string? ClusterName { get; init; }

    /// <summary>Endpoint families that stay unauthenticated (Vault 2.x): <c>generate-root</c>, <c>rekey</c>, <c>generate-operation-token</c>.</summary>
    public IReadOnlyList<string> EnableUnauthenticatedAccess { get; init; } = [];

    /// <summary>The <c>replication</c> stanza: how much of the DR replication log a primary keeps.</summary>
    public ReplicationConfig Replication { get; init; } = new();

    /// <summary>Enables <c>sys/raw</c>.</summary>
    public bool RawStorageEndpoint { get; init; }

    /// <summary>Lets audit devices take the <c>prefix</c> option (off by default, as in Vault since 1.20.1).</summary>
    public bool AllowAuditLogPrefixing { get; init; }
}
