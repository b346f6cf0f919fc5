using System.Text.Json.Nodes;

namespace Coffer.Core.Routing;

/// <summary>One row of the mount table, as persisted under <c>core/mounts</c>.</summary>
public sealed record MountEntry
{
    /// <summary>Mount point with a trailing slash, e.g. <c>secret/</c> or <c>auth/token/</c>.</summary>
    public required string Path { get; init; }

    public required string Type { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>Names the mount's storage prefix; a remount keeps it, so data moves without copying.</summary>
    public required string Uuid { get; init; }

    public required string Accessor { get; init; }

    public long DefaultLeaseTtlSeconds { get; init; }

    public long MaxLeaseTtlSeconds { get; init; }

    public JsonObject Options { get; init; } = [];

    public bool Local { get; init; }

    public bool SealWrap { get; init; }

    /// <summary>Built-in mounts (sys/, auth/token/, cubbyhole/) can be neither disabled nor moved.</summary>
    public bool BuiltIn { get; init; }

    public long RunningVersionUnixTime { get; init; }
}
