namespace Coffer.Server.Configuration;

/// <summary>
/// The settings one file (or several merged files) actually wrote. Merging follows Vault: listeners
/// accumulate, a later storage block replaces an earlier one, later scalars win, and a boolean set to
/// true by any file stays true.
/// </summary>
internal sealed class ServerConfigBuilder
{
    public List<ListenerConfig> Listeners { get; } = [];

    public StorageConfig? Storage { get; set; }

    public string? ApiAddr { get; set; }

    public string? ClusterAddr { get; set; }

    public bool DisableMlock { get; set; }

    public bool Ui { get; set; }

    public bool RawStorageEndpoint { get; set; }

    public bool AllowAuditLogPrefixing { get; set; }

    public string? LogLevel { get; set; }

    public string? ClusterName { get; set; }

    public (TimeSpan Value, ConfigLocation At)? DefaultLeaseTtl { get; set; }

    public (TimeSpan Value, ConfigLocation At)? MaxLeaseTtl { get; set; }

    public List<string> EnableUnauthenticatedAccess { get; } = [];

    public ReplicationConfig? Replication { get; set; }

    public void MergeFrom(ServerConfigBuilder later)
    {
        Listeners.AddRange(later.Listeners);
        Storage = later.Storage ?? Storage;
        ApiAddr = later.ApiAddr ?? ApiAddr;
        ClusterAddr = later.ClusterAddr ?? ClusterAddr;
        DisableMlock |= later.DisableMlock;
        Ui |= later.Ui;
        RawStorageEndpoint |= later.RawStorageEndpoint;
        AllowAuditLogPrefixing |= later.AllowAuditLogPrefixing;
        LogLevel = later.LogLevel ?? LogLevel;
        ClusterName = later.ClusterName ?? ClusterName;
        DefaultLeaseTtl = later.DefaultLeaseTtl ?? DefaultLeaseTtl;
        MaxLeaseTtl = later.MaxLeaseTtl ?? MaxLeaseTtl;
        Replication = later.Replication is { } replication
            ? (Replication ?? new ReplicationConfig()) with
            {
                LogShipperBufferLength = replication.LogShipperBufferLength ?? Replication?.LogShipperBufferLength,
                LogShipperBufferSize = replication.LogShipperBufferSize ?? Replication?.LogShipperBufferSize,
            }
            : Replication;
        foreach (var endpoint in later.EnableUnauthenticatedAccess)
        {
            if (!EnableUnauthenticatedAccess.Contains(endpoint))
            {
                EnableUnauthenticatedAccess.Add(endpoint);
            }
        }
    }

    /// <summary>Applies defaults and the checks that span settings (a default lease TTL above the maximum).</summary>
    public ServerConfig Build(List<ConfigProblem> problems)
    {
        var defaultLease = DefaultLeaseTtl?.Value ?? ServerConfig.DefaultLeaseTtlDefault;
        var maxLease = MaxLeaseTtl?.Value ?? ServerConfig.DefaultLeaseTtlDefault;
        if (defaultLease > maxLease)
        {
            var at = DefaultLeaseTtl?.At ?? MaxLeaseTtl!.Value.At;
            problems.Add(new ConfigProblem(at.Source, at.Line, at.Column,
                $"default_lease_ttl ({Coffer.Sdk.Helpers.GoDuration.Format(defaultLease)}) cannot be larger than max_lease_ttl ({Coffer.Sdk.Helpers.GoDuration.Format(maxLease)})"));
        }

        return new ServerConfig
        {
            Listeners = Listeners.ToArray(),
            Storage = Storage,
            ApiAddr = ApiAddr,
            ClusterAddr = ClusterAddr,
            DisableMlock = DisableMlock,
            Ui = Ui,
            RawStorageEndpoint = RawStorageEndpoint,
            AllowAuditLogPrefixing = AllowAuditLogPrefixing,
            LogLevel = LogLevel ?? "info",
            ClusterName = ClusterName,
            DefaultLeaseTtl = defaultLease,
            MaxLeaseTtl = maxLease,
            EnableUnauthenticatedAccess = EnableUnauthenticatedAccess.ToArray(),
            Replication = Replication ?? new ReplicationConfig(),
        };
    }
}
