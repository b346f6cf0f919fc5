using Microsoft.Extensions.Logging;

namespace Coffer.Server.Hosting;

/// <summary>Vault's log level names (trace, debug, info, warn, error) as .NET levels.</summary>
public static class LogLevels
{
    public static LogLevel Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        null or "" or "info" => LogLevel.Information,
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warn" or "warning" => LogLevel.Warning,
        "error" or "err" => LogLevel.Error,
        "off" => LogLevel.None,
        _ => throw new ServerStartupException($"unknown log level: {name}"),
    };
}
