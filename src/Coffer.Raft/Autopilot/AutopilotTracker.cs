namespace Coffer.Raft.Autopilot;

/// <summary>
/// The active node's autopilot bookkeeping, as Vault keeps it: the latest heartbeat of every follower, the
/// configuration, and the previous evaluation (so that <c>stable_since</c> survives between evaluations). Followers
/// report their applied index, term and version; <c>last_contact</c> is the time since the leader last heard from them.
/// Thread-safe.
/// </summary>
public sealed class AutopilotTracker
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly string _localVersion;
    private readonly Dictionary<string, FollowerReport> _reports = new(StringComparer.Ordinal);
    private AutopilotState? _previous;
    private AutopilotConfig _config = new();

    public AutopilotTracker(TimeProvider time, string localVersion)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(localVersion);
        _time = time;
        _localVersion = localVersion;
    }

    public AutopilotConfig Config
    {
        get
        {
            lock (_lock)
            {
                return _config;
            }
        }

        set
        {
            ArgumentNullException.ThrowIfNull(value);
            lock (_lock)
            {
                _config = value;
            }
        }
    }

    /// <summary>Forgets every report and the health history: a new leader starts from what it hears itself.</summary>
    public void Reset()
    {
        lock (_lock)
        {
            _reports.Clear();
            _previous = null;
        }
    }

    /// <summary>
    /// Records a follower's heartbeat, received now. Returns false (and changes nothing) for a heartbeat that is not
    /// newer than the last one accepted from that follower, so a replayed heartbeat cannot keep a dead node alive.
    /// </summary>
    public bool RecordHeartbeat(string nodeId, long appliedIndex, long term, string version, DateTimeOffset sentAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentNullException.ThrowIfNull(version);
        lock (_lock)
        {
            if (_reports.TryGetValue(nodeId, out var known) && known.Reported && sentAt <= known.SentAt)
            {
                return false;
            }

            _reports[nodeId] = new FollowerReport(_time.GetUtcNow(), Reported: true, appliedIndex, term, version, sentAt);
            return true;
        }
    }

    /// <summary>
    /// The autopilot state of <paramref name="members"/> as the leader sees it now. A follower that has not reported
    /// since this node became leader is unhealthy until it does.
    /// </summary>
    public AutopilotState Evaluate(IReadOnlyList<RaftMember> members, long leaderLastIndex, long leaderTerm)
    {
        ArgumentNullException.ThrowIfNull(members);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var inputs = members.Select(member => Input(member, leaderLastIndex, leaderTerm, now)).ToList();
            _previous = AutopilotEvaluator.Evaluate(inputs, leaderLastIndex, leaderTerm, _config, now, _previous);
            return _previous;
        }
    }

    /// <summary>
    /// With <see cref="AutopilotConfig.CleanupDeadServers"/>, the followers silent for longer than the dead-server
    /// threshold that may be removed without going below <see cref="AutopilotConfig.MinQuorum"/> or losing quorum.
    /// </summary>
    public IReadOnlyList<string> DeadServersToRemove(IReadOnlyList<RaftMember> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        lock (_lock)
        {
            var now = _time.GetUtcNow();
            var candidates = members
                .Select(member => new AutopilotPruneCandidate(
                    member.NodeId,
                    member.IsVoter,
                    IsPotentialVoter: member.IsVoter,
                    KnownToApplication: true,
                    Status(member, now)))
                .ToList();
            return AutopilotPruner.SelectRemovals(candidates, _config);
        }
    }

    private AutopilotServerInput Input(RaftMember member, long leaderLastIndex, long leaderTerm, DateTimeOffset now)
    {
        if (member.IsLeader && member.IsLocal)
        {
            return new AutopilotServerInput(member.NodeId, member.Address, IsLeader: true, member.IsVoter, AutopilotNodeStatus.Alive,
                TimeSpan.Zero, leaderTerm, leaderLastIndex, _localVersion, _localVersion);
        }

        var report = Seen(member.NodeId, now);
        return new AutopilotServerInput(
            member.NodeId,
            member.Address,
            IsLeader: false,
            member.IsVoter,
            Status(member, now),
            report.Reported ? now - report.LastSeen : null,
            report.Term,
            report.AppliedIndex,
            report.Version,
            report.Version.Length == 0 ? null : report.Version);
    }

    private AutopilotNodeStatus Status(RaftMember member, DateTimeOffset now) =>
        member.IsLeader && member.IsLocal ? AutopilotNodeStatus.Alive
        : AutopilotPruner.IsDead(now - Seen(member.NodeId, now).LastSeen, _config) ? AutopilotNodeStatus.Left
        : AutopilotNodeStatus.Alive;

    /// <summary>The follower's report; a member seen for the first time starts its silence clock now.</summary>
    private FollowerReport Seen(string nodeId, DateTimeOffset now)
    {
        if (!_reports.TryGetValue(nodeId, out var report))
        {
            report = new FollowerReport(now, Reported: false, 0, 0, string.Empty, DateTimeOffset.MinValue);
            _reports[nodeId] = report;
        }

        return report;
    }
}
