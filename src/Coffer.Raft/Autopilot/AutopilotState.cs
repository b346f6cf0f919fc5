using System.Text.Json.Serialization;

namespace Coffer.Raft.Autopilot;

/// <summary>The <c>data</c> of <c>GET sys/storage/raft/autopilot/state</c>.</summary>
public sealed record AutopilotState
{
    /// <summary>Every server, voters and non-voters, is healthy.</summary>
    [JsonPropertyName("healthy")]
    public bool Healthy { get; init; }

    [JsonPropertyName("failure_tolerance")]
    public int FailureTolerance { get; init; }

    /// <summary>Healthy voters plus healthy promotable non-voters, minus the quorum; omitted when 0.</summary>
    [JsonPropertyName("optimistic_failure_tolerance")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int OptimisticFailureTolerance { get; init; }

    [JsonPropertyName("leader")]
    public required string Leader { get; init; }

    /// <summary>Leader first, then healthy servers, then the longest stable, then by id.</summary>
    [JsonPropertyName("voters")]
    public required IReadOnlyList<string> Voters { get; init; }

    [JsonPropertyName("non_voters")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? NonVoters { get; init; }

    [JsonPropertyName("servers")]
    public required IReadOnlyDictionary<string, AutopilotServerState> Servers { get; init; }
}
