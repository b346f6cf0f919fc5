using Coffer.Core;
using Coffer.Sdk.Physical;
using Coffer.Server.Cluster;
using Coffer.Server.Configuration;
using Coffer.Server.Replication;
using Coffer.Server.Storage;

namespace Coffer.Server.Hosting;

/// <summary>Server options from configuration files (<c>-config</c>, HCL or JSON, Vault's format).</summary>
internal static class ConfiguredServer
{
    public static async Task<CofferServerOptions> OptionsAsync(ServerFlags flags, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (flags.ConfigPaths.Count == 0)
        {
            throw new ServerStartupException("No configuration files found. Please provide configurations with the -config flag, or use -dev.");
        }

        ConfigLoadResult loaded;
        try
        {
            loaded = ConfigLoader.Load(flags.ConfigPaths);
        }
        catch (ConfigException e)
        {
            throw new ServerStartupException("Error loading configuration:\n" + e.Message);
        }

        foreach (var warning in loaded.Warnings)
        {
            await stderr.WriteLineAsync("WARNING: " + warning).ConfigureAwait(false);
        }

        var config = loaded.Config;
        if (config.Listeners.Count == 0)
        {
            throw new ServerStartupException("Error: at least one listener \"tcp\" block is required in the configuration");
        }

        var coreOptions = new CoreOptions
        {
            DefaultLeaseTtl = config.DefaultLeaseTtl,
            MaxLeaseTtl = config.MaxLeaseTtl,
            ClusterName = config.ClusterName ?? string.Empty,
            ApiAddress = config.ApiAddr ?? string.Empty,
            UnauthenticatedAccess = config.EnableUnauthenticatedAccess.ToHashSet(StringComparer.Ordinal),
            AllowAuditLogPrefixing = config.AllowAuditLogPrefixing,
        };
        RaftNode? raft = null;
        IPhysicalBackend storage;
        if (config.Storage is { Type: "raft", Raft: { } raftConfig })
        {
            var (node, apiAddress) = RaftNodeSettings.Resolve(config, raftConfig, coreOptions.Version);
            // The log shipper bounds size a primary's log; on Raft that log is the history every node keeps.
            node = node with { History = RaftReplicationHistory.Options(ReplicationLogOptionsOf(config.Replication)) };
            raft = new RaftNode(node, TimeProvider.System);
            storage = new RaftNodeStorage(raft);
            coreOptions = coreOptions with { ApiAddress = apiAddress };
        }
        else
        {
            storage = await OpenStorageAsync(config.Storage, cancellationToken).ConfigureAwait(false);
            coreOptions = coreOptions with { ApiAddress = config.ApiAddr ?? string.Empty };
        }

        var core = BuiltinEngines.Configure(coreOptions);
        var listeners = config.Listeners.Select(l => new ListenerOptions(l.Address)
        {
            TlsCertFile = l.TlsDisable ? null : l.TlsCertFile,
            TlsKeyFile = l.TlsDisable ? null : l.TlsKeyFile,
            TlsMinVersion = l.TlsMinVersion,
            MaxRequestSize = l.MaxRequestSize ?? ListenerConfig.DefaultMaxRequestSize,
            ClusterAddress = l.ClusterAddress,
        }).ToList();
        foreach (var listener in config.Listeners.Where(l => !l.TlsDisable && string.IsNullOrEmpty(l.TlsCertFile)))
        {
            throw new ServerStartupException($"Error: listener {listener.Address} has TLS enabled but no tls_cert_file; set tls_cert_file and tls_key_file, or tls_disable = true");
        }

        return new CofferServerOptions(listeners, storage, core)
        {
            LogLevel = LogLevels.Parse(flags.LogLevel ?? config.LogLevel),
            Raft = raft,
            ReplicationLog = ReplicationLogOptionsOf(config.Replication),
        };
    }

    private static Coffer.Replication.Wal.ReplicationLogOptions? ReplicationLogOptionsOf(ReplicationConfig replication)
    {
        if (replication.LogShipperBufferLength is null && replication.LogShipperBufferSize is null)
        {
            return null;
        }

        var defaults = new Coffer.Replication.Wal.ReplicationLogOptions();
        return new Coffer.Replication.Wal.ReplicationLogOptions
        {
            MaxEntries = replication.LogShipperBufferLength ?? defaults.MaxEntries,
            MaxBytes = replication.LogShipperBufferSize ?? defaults.MaxBytes,
        };
    }

    private static async Task<IPhysicalBackend> OpenStorageAsync(StorageConfig? storage, CancellationToken cancellationToken) => storage?.Type switch
    {
        null => throw new ServerStartupException("Error: a storage block is required in the configuration"),
        "inmem" => new InMemoryBackend(),
        "file" => await OpenFileAsync(storage, cancellationToken).ConfigureAwait(false),
        "raft" => throw new ServerStartupException("Error: storage \"raft\" needs a path"),
        var other => throw new ServerStartupException($"Error: unknown storage type \"{other}\"; supported: raft, file, inmem"),
    };

    private static async Task<IPhysicalBackend> OpenFileAsync(StorageConfig storage, CancellationToken cancellationToken)
    {
        var path = storage.File?.Path ?? storage.GetString("path")
            ?? throw new ServerStartupException("Error: storage \"file\" needs a path");
        try
        {
            return await FileBackend.OpenAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new ServerStartupException($"Error opening storage at {path}: {e.Message}");
        }
    }
}
