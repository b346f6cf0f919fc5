using Coffer.Core;
using Coffer.Sdk.Physical;
using Coffer.Server.Configuration;
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

        var storage = await OpenStorageAsync(config.Storage, cancellationToken).ConfigureAwait(false);
        var core = BuiltinEngines.Configure(new CoreOptions
        {
            DefaultLeaseTtl = config.DefaultLeaseTtl,
            MaxLeaseTtl = config.MaxLeaseTtl,
            ClusterName = config.ClusterName ?? string.Empty,
            ApiAddress = config.ApiAddr ?? string.Empty,
            UnauthenticatedAccess = config.EnableUnauthenticatedAccess.ToHashSet(StringComparer.Ordinal),
        });
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
        };
    }

    private static async Task<IPhysicalBackend> OpenStorageAsync(StorageConfig? storage, CancellationToken cancellationToken) => storage?.Type switch
    {
        null => throw new ServerStartupException("Error: a storage block is required in the configuration"),
        "inmem" => new InMemoryBackend(),
        "file" => await OpenFileAsync(storage, cancellationToken).ConfigureAwait(false),
        "raft" => throw new ServerStartupException("Error: storage \"raft\" (integrated storage) is not available in this build yet"),
        var other => throw new ServerStartupException($"Error: unknown storage type \"{other}\"; supported: file, inmem"),
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
