namespace Coffer.Raft.Autopilot;

/// <summary>
/// Dead-server cleanup (raft-autopilot's <c>pruneDeadServers</c>, spec §1.6): which servers to remove, without
/// dropping below <c>min_quorum</c> potential voters or removing more voters than a minority.
/// </summary>
public static class AutopilotPruner
{
    /// <summary>
    /// When cleanup is on, a follower whose last heartbeat is older than the dead-server threshold is reported to
    /// autopilot as <see cref="AutopilotNodeStatus.Left"/>.
    /// </summary>
    public static bool IsDead(TimeSpan? sinceLastContact, AutopilotConfig config) =>
        config.CleanupDeadServers
        && config.DeadServerLastContactThreshold > TimeSpan.Zero
        && sinceLastContact is { } elapsed
        && elapsed > config.DeadServerLastContactThreshold;

    /// <summary>The node ids to remove, in removal order. Empty unless cleanup is enabled.</summary>
    public static IReadOnlyList<string> SelectRemovals(IReadOnlyList<AutopilotPruneCandidate> servers, AutopilotConfig config)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(config);
        if (!config.CleanupDeadServers)
        {
            return [];
        }

        bool Failed(AutopilotPruneCandidate s) => s.KnownToApplication && s.NodeStatus != AutopilotNodeStatus.Alive;

        // Stale non-voters, stale voters, failed non-voters, failed voters: the least harmful removals first.
        var candidates = servers.Where(s => !s.KnownToApplication && !s.IsVoter)
            .Concat(servers.Where(s => !s.KnownToApplication && s.IsVoter))
            .Concat(servers.Where(s => Failed(s) && !s.IsVoter))
            .Concat(servers.Where(s => Failed(s) && s.IsVoter));

        var potentialVoters = servers.Count(s => s.IsPotentialVoter);
        var maxRemoval = (potentialVoters - 1) / 2;
        var removedVoters = 0;
        var removals = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.IsPotentialVoter && potentialVoters - removedVoters - 1 < config.MinQuorum)
            {
                continue;
            }

            if (candidate.IsVoter && maxRemoval < 1)
            {
                continue;
            }

            removals.Add(candidate.NodeId);
            if (candidate.IsPotentialVoter)
            {
                maxRemoval--;
                removedVoters++;
            }
        }

        return removals;
    }
}
