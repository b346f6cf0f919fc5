namespace Coffer.Server.Configuration;

/// <summary>The typed settings of <c>storage "file" { … }</c>.</summary>
public sealed record FileStorageConfig
{
    public required string Path { get; init; }
}
