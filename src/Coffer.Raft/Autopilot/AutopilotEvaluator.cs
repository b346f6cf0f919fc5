using Coffer.Sdk.Helpers;

namespace Coffer.Raft.Autopilot;

/// <summary>
/// Computes the autopilot state document from the leader's view, with hashicorp/raft-autopilot's rules (spec §1.6):
/// per-server health, <c>stable_since</c> carried over while health does not change, and the failure tolerances.
/// </summary>
public static class AutopilotEvaluator
{
    /// <summary>Majority of <paramref name="voters"/>: n/2 + 1.</summary>
    public static int Quorum(int voters) => voters / 2 + 1;

    /// <summary>
    /// A server is healthy when the cluster has a leader with a non-zero last index, the application sees the server
    /// alive, its last heartbeat is at most <see cref="AutopilotConfig.LastContactThreshold"/> old, it is on the
    /// leader's term, and it trails the leader's last index by at most <see cref="AutopilotConfig.MaxTrailingLogs"/>.
    /// </summary>
    /// <remarks>
    /// The library also requires the leader's term to be non-zero, as a proxy for "an election happened". The
    /// engine lets a freshly bootstrapped node lead in term 0 without an election, so here a known leader stands
    /// for that condition instead; every other rule is the library's.
    /// </remarks>
    public static bool IsHealthy(AutopilotServerInput server, long leaderLastIndex, long leaderTerm, bool leaderKnown, AutopilotConfig config) =>
        leaderKnown
        && leaderLastIndex != 0
        && server.NodeStatus == AutopilotNodeStatus.Alive
        && server.LastContact is { } contact
        && contact >= TimeSpan.Zero
        && contact <= config.LastContactThreshold
        && server.LastTerm == leaderTerm
        && server.LastIndex + config.MaxTrailingLogs >= leaderLastIndex;

    /// <param name="servers">Every server of the Raft configuration with the leader's knowledge of it.</param>
    /// <param name="leaderLastIndex">The leader's last log index.</param>
    /// <param name="leaderTerm">The leader's current term.</param>
    /// <param name="config">Autopilot configuration.</param>
    /// <param name="now">The evaluation time (from the caller's TimeProvider).</param>
    /// <param name="previous">The previous evaluation, for <c>stable_since</c>; null on the first one.</param>
    public static AutopilotState Evaluate(
        IReadOnlyList<AutopilotServerInput> servers,
        long leaderLastIndex,
        long leaderTerm,
        AutopilotConfig config,
        DateTimeOffset now,
        AutopilotState? previous)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(config);
        var leader = servers.FirstOrDefault(s => s.IsLeader);
        var states = new Dictionary<string, AutopilotServerState>(StringComparer.Ordinal);
        foreach (var server in servers)
        {
            var healthy = IsHealthy(server, leaderLastIndex, leaderTerm, leader is not null, config);
            var stableSince = previous?.Servers.TryGetValue(server.NodeId, out var before) == true && before.Healthy == healthy
                ? before.StableSince
                : now;
            states[server.NodeId] = new AutopilotServerState
            {
                Id = server.NodeId,
                Name = server.NodeId,
                Address = server.Address,
                NodeStatus = server.NodeStatus.ToString().ToLowerInvariant(),
                LastContact = GoDuration.FormatGo(server.LastContact ?? TimeSpan.Zero),
                LastTerm = server.LastTerm,
                LastIndex = server.LastIndex,
                Healthy = healthy,
                StableSince = stableSince,
                Status = server.IsLeader ? "leader" : server.IsVoter ? "voter" : "non-voter",
                Version = server.Version,
                UpgradeVersion = server.UpgradeVersion,
                NodeType = server.IsVoter ? "voter" : "non-voter",
            };
        }

        var voters = servers.Where(s => s.IsVoter).Select(s => states[s.NodeId]).ToList();
        var nonVoters = servers.Where(s => !s.IsVoter).Select(s => states[s.NodeId]).ToList();
        var quorum = Quorum(voters.Count);
        var healthyVoters = voters.Count(s => s.Healthy);
        return new AutopilotState
        {
            Healthy = states.Values.All(s => s.Healthy),
            FailureTolerance = Math.Max(0, healthyVoters - quorum),
            OptimisticFailureTolerance = Math.Max(0, healthyVoters + nonVoters.Count(s => s.Healthy) - quorum),
            Leader = leader?.NodeId ?? string.Empty,
            Voters = Order(voters),
            NonVoters = nonVoters.Count == 0 ? null : Order(nonVoters),
            Servers = states,
        };
    }

    /// <summary>
    /// The stable promoter: a healthy non-voter is promoted once it has been healthy for
    /// <see cref="AutopilotConfig.ServerStabilizationTime"/>; until autopilot itself has run that long the wait is
    /// zero, so a leader change does not stall promotions. The current engine has no non-voters, so this stays
    /// false for every server today.
    /// </summary>
    public static bool ShouldPromote(AutopilotServerState server, AutopilotConfig config, DateTimeOffset now, DateTimeOffset autopilotStartedAt)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(config);
        if (server.Status != "non-voter" || !server.Healthy)
        {
            return false;
        }

        var wait = now - autopilotStartedAt < config.ServerStabilizationTime ? TimeSpan.Zero : config.ServerStabilizationTime;
        return now - server.StableSince >= wait;
    }

    private static List<string> Order(IEnumerable<AutopilotServerState> servers) =>
        servers
            .OrderByDescending(s => s.Status == "leader")
            .ThenByDescending(s => s.Healthy)
            .ThenBy(s => s.StableSince)
            .ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => s.Id)
            .ToList();
}
