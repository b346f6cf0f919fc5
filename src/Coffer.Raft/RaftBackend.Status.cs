using System.Diagnostics;
using System.Net;
using Coffer.Raft.Cluster;
using Coffer.Raft.Commands;
using DotNext.Net.Cluster.Consensus.Raft;

namespace Coffer.Raft;

/// <summary>Status of the local node and leadership notifications.</summary>
public sealed partial class RaftBackend
{
    private const int LeadershipConfirmationPatienceSeconds = 2;
    private static readonly TimeSpan LeadershipKickTimeout = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LeadershipPollInterval = TimeSpan.FromMilliseconds(5);

    private readonly Lock _leadershipLock = new();
    private (bool IsLeader, string? LeaderAddress, long Term)? _lastNotified;
    private readonly CancellationTokenSource _watchStop = new();
    private Task _leadershipWatch = Task.CompletedTask;

    /// <summary>
    /// Raised (on the thread pool) when the local node's view of leadership changes: it became leader, lost
    /// leadership, or another leader was elected. Handlers must not block.
    /// </summary>
    public event EventHandler<RaftLeadershipChangedEventArgs>? LeadershipChanged;

    /// <summary>Whether this node is the leader, i.e. the active node that accepts writes.</summary>
    public bool IsLeader => _cluster is { } cluster && !_stopped && !cluster.LeadershipToken.IsCancellationRequested;

    /// <summary>The leader's cluster address as the local node knows it; null when no leader is known.</summary>
    public string? LeaderAddress => _cluster?.Leader is { } leader ? ClusterEndPoints.Format(leader.EndPoint) : null;

    /// <summary>The leader's node id; null when no leader is known or its id is not replicated yet.</summary>
    public string? LeaderId => LeaderAddress is { } address ? NodeIdOf(address) : null;

    /// <summary>The local node's current term.</summary>
    public long Term => (_log as IPersistentState)?.Term ?? 0;

    /// <summary>Index of the last log entry known to be committed.</summary>
    public long CommitIndex => _log?.LastCommittedEntryIndex ?? 0;

    /// <summary>Index of the last log entry applied to the local state.</summary>
    public long AppliedIndex => _stateMachine?.Current.Index ?? 0;

    /// <summary>Index of the snapshot the engine uses locally (the log before it may be gone); 0 when none.</summary>
    public long SnapshotIndex => _stateMachine?.PublishedSnapshotIndex ?? 0;

    /// <summary>Index of the last entry in the local log (committed or not).</summary>
    public long LastLogIndex => _log?.LastEntryIndex ?? 0;

    /// <summary>Index of the applied entry that last changed the node-id membership (Vault's configuration <c>index</c>).</summary>
    public long ConfigurationIndex => _stateMachine?.Current.MembersIndex ?? 0;

    /// <summary>
    /// The Raft configuration: every server with its node id and address. Only the leader's view of other servers'
    /// status is meaningful (followers do not contact each other), but the list itself is the same on every node.
    /// </summary>
    public IReadOnlyList<RaftMember> Members
    {
        get
        {
            if (_cluster is not { } cluster)
            {
                return [];
            }

            var leader = cluster.Leader;
            return cluster.Members
                .Select(member =>
                {
                    var address = ClusterEndPoints.Format(member.EndPoint);
                    return new RaftMember(
                        NodeIdOf(address) ?? address,
                        address,
                        IsVoter: true,
                        IsLeader: leader is not null && ReferenceEquals(leader, member),
                        IsLocal: !member.IsRemote);
                })
                .OrderBy(member => member.NodeId, StringComparer.Ordinal)
                .ToList();
        }
    }

    private string? NodeIdOf(string address)
    {
        if (_stateMachine is not { } stateMachine)
        {
            return null;
        }

        foreach (var (nodeId, memberAddress) in stateMachine.Current.Members)
        {
            if (ClusterEndPoints.SameAddress(memberAddress, address))
            {
                return nodeId;
            }
        }

        return string.Equals(address, ClusterAddress, StringComparison.OrdinalIgnoreCase) ? _options.NodeId : null;
    }

    private void OnLeaderChanged(RaftCluster<RaftClusterMember> cluster, RaftClusterMember? leader)
    {
        // The engine raises this from its own state transitions: do the work elsewhere.
        ThreadPool.QueueUserWorkItem(static self => self.NotifyLeadership(), this, preferLocal: false);
        if (leader is { IsRemote: false })
        {
            _ = ConfirmLeadershipAsync(cluster);
        }
    }

    /// <summary>
    /// Runs right after this node wins an election. The engine hands out the leadership token (what writes and the active
    /// node wait for) only once a replication round confirmed the new term, and its first round waits for a heartbeat
    /// interval (half the lower election timeout: 375 ms with Vault's default multiplier). Asking for a round at once
    /// confirms leadership within a round trip, so the node takes over that much sooner after a leader dies.
    /// </summary>
    private async Task ConfirmLeadershipAsync(RaftCluster<RaftClusterMember> cluster)
    {
        var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * LeadershipConfirmationPatienceSeconds;
        while (Stopwatch.GetTimestamp() < deadline && !_stopped)
        {
            if (!cluster.LeadershipToken.IsCancellationRequested)
            {
                NotifyLeadership();
                return;
            }

            try
            {
                // A round waits for every reachable member; a dead one must not hold the next look up.
                await cluster.ForceReplicationAsync(CancellationToken.None).AsTask().WaitAsync(LeadershipKickTimeout).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Not installed as leader yet, or lost the term again, or stopping: look again shortly.
                await Task.Delay(LeadershipPollInterval).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Follows the local node's own leadership. The engine's leader-changed event can fire before the leader state
    /// is installed, and is not always raised on step-down (dotNext issue #98), so both edges come from here.
    /// </summary>
    private async Task WatchLeadershipAsync(RaftCluster cluster, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var leadership = await cluster.WaitForLeadershipAsync(stop).ConfigureAwait(false);
                NotifyLeadership();
                _ = RegisterInBackgroundAsync();
                using var both = CancellationTokenSource.CreateLinkedTokenSource(leadership, stop);
                await Task.Delay(Timeout.Infinite, both.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                NotifyLeadership();
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    private void NotifyLeadership()
    {
        if (_stopped || _cluster is not { } cluster)
        {
            return;
        }

        var isLeader = !cluster.LeadershipToken.IsCancellationRequested;
        var leaderAddress = cluster.Leader is { } leader ? ClusterEndPoints.Format(leader.EndPoint) : null;
        var current = (isLeader, leaderAddress, Term);
        lock (_leadershipLock)
        {
            if (_lastNotified == current)
            {
                return;
            }

            _lastNotified = current;
        }

        Log.LeaderChanged(_logger, _options.NodeId, leaderAddress, current.Term);
        LeadershipChanged?.Invoke(this, new RaftLeadershipChangedEventArgs(isLeader, leaderAddress is null ? null : NodeIdOf(leaderAddress), leaderAddress, current.Term));
    }

    private async Task RegisterInBackgroundAsync()
    {
        try
        {
            await EnsureRegisteredAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.RegistrationFailed(_logger, _options.NodeId, e);
        }
    }

    /// <summary>Records this node's id → address in the replicated membership if it is missing or stale (leader only).</summary>
    private async Task EnsureRegisteredAsync(CancellationToken cancellationToken)
    {
        var (_, stateMachine, _) = Running();
        if (stateMachine.Current.Members.TryGetValue(_options.NodeId, out var known) && ClusterEndPoints.SameAddress(known, ClusterAddress))
        {
            return;
        }

        await ReplicateAsync(StorageCommand.SetMember(_options.NodeId, ClusterAddress), cancellationToken).ConfigureAwait(false);
    }

    private static bool SameEndPoint(EndPoint left, EndPoint right) =>
        string.Equals(ClusterEndPoints.Format(left), ClusterEndPoints.Format(right), StringComparison.OrdinalIgnoreCase);
}
