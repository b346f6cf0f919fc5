using System.Text.Json.Serialization;

namespace Coffer.Raft.Autopilot;

/// <summary>One entry of <c>servers</c> in <c>sys/storage/raft/autopilot/state</c>, field for field.</summary>
public sealed record AutopilotServerState
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("address")]
    public required string Address { get; init; }

    /// <summary><c>alive</c>, <c>left</c>, <c>failed</c> or <c>unknown</c>.</summary>
    [JsonPropertyName("node_status")]
    public required string NodeStatus { get; init; }

    /// <summary>Go duration string (<c>time.Duration.String</c>), e.g. <c>"678.62575ms"</c>; <c>"0s"</c> for the leader.</summary>
    [JsonPropertyName("last_contact")]
    public required string LastContact { get; init; }

    [JsonPropertyName("last_term")]
    public long LastTerm { get; init; }

    [JsonPropertyName("last_index")]
    public long LastIndex { get; init; }

    [JsonPropertyName("healthy")]
    public bool Healthy { get; init; }

    /// <summary>When <see cref="Healthy"/> last changed (or the server first appeared).</summary>
    [JsonPropertyName("stable_since")]
    public DateTimeOffset StableSince { get; init; }

    /// <summary><c>leader</c>, <c>voter</c> or <c>non-voter</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    [JsonPropertyName("version")]
    public required string Version { get; init; }

    [JsonPropertyName("upgrade_version")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? UpgradeVersion { get; init; }

    /// <summary><c>voter</c> on Community Edition.</summary>
    [JsonPropertyName("node_type")]
    public required string NodeType { get; init; }
}
