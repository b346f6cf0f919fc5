namespace Coffer.Server.Configuration;

/// <summary>A loaded configuration and the warnings (unknown or unsupported fields) to show the operator.</summary>
public sealed record ConfigLoadResult(ServerConfig Config, IReadOnlyList<string> Warnings);
