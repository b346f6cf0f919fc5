using Coffer.Raft.Cluster;
using Coffer.Raft.Commands;
using Coffer.Sdk.Errors;
using DotNext.Net.Cluster.Consensus.Raft;

namespace Coffer.Raft;

/// <summary>Adding and removing servers (leader only), keeping the node-id map in the replicated state in step.</summary>
public sealed partial class RaftBackend
{
    // A joining node is "warmed up" by the engine for a few rounds per attempt; a large log needs several attempts.
    private const int MaxAddAttempts = 30;

    /// <summary>
    /// Adds a running node (started without <see cref="RaftOptions.Bootstrap"/>) to the cluster. Returns once the node
    /// caught up and the configuration change committed. Adding a node that is already a member at the same address
    /// does nothing.
    /// </summary>
    public async Task AddMemberAsync(string nodeId, string address, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        var (cluster, stateMachine, _) = Running();
        var endPoint = ClusterEndPoints.Parse(address);
        var canonical = ClusterEndPoints.Format(endPoint);
        if (!IsLeader)
        {
            throw NotActive();
        }

        if (stateMachine.Current.Members.TryGetValue(nodeId, out var known) && !ClusterEndPoints.SameAddress(known, canonical)
            && cluster.Members.Any(m => SameEndPoint(m.EndPoint, ClusterEndPoints.Parse(known))))
        {
            throw new CofferException(ErrorKind.InvalidRequest, $"node id \"{nodeId}\" is already a member at {known}; remove it first");
        }

        await ReplicateAsync(StorageCommand.SetMember(nodeId, canonical), cancellationToken).ConfigureAwait(false);

        for (var attempt = 1; attempt <= MaxAddAttempts; attempt++)
        {
            if (cluster.Members.Any(m => SameEndPoint(m.EndPoint, endPoint)))
            {
                return;
            }

            try
            {
                if (await cluster.AddMemberAsync(endPoint, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (NotLeaderException)
            {
                throw NotActive();
            }
            catch (RaftCluster<RaftClusterMember>.ConcurrentMembershipModificationException)
            {
                // Another change is committing; try again after it.
            }

            Log.MemberWarmup(_logger, nodeId, canonical, attempt);
            await Task.Delay(TimeSpan.FromMilliseconds(_timings.LowerElectionTimeoutMs), cancellationToken).ConfigureAwait(false);
        }

        throw new CofferException(ErrorKind.Unavailable, $"node \"{nodeId}\" at {canonical} did not catch up with the leader; is it running and reachable?");
    }

    /// <summary>
    /// Removes a server from the cluster by node id (Vault's <c>remove-peer</c>). The removed node is not told: it
    /// must be stopped and its data directory wiped before it joins again.
    /// </summary>
    public async Task RemoveMemberAsync(string nodeId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nodeId);
        var (cluster, stateMachine, _) = Running();
        if (!IsLeader)
        {
            throw NotActive();
        }

        if (string.Equals(nodeId, _options.NodeId, StringComparison.Ordinal))
        {
            throw new CofferException(ErrorKind.InvalidRequest, "cannot remove the active node; stop it so that another node takes over, then remove it there");
        }

        if (!stateMachine.Current.Members.TryGetValue(nodeId, out var address))
        {
            throw new CofferException(ErrorKind.InvalidRequest, $"no peer with node id \"{nodeId}\"");
        }

        var endPoint = ClusterEndPoints.Parse(address);
        if (cluster.Members.Any(m => SameEndPoint(m.EndPoint, endPoint)))
        {
            bool removed;
            try
            {
                removed = await cluster.RemoveMemberAsync(endPoint, cancellationToken).ConfigureAwait(false);
            }
            catch (NotLeaderException)
            {
                throw NotActive();
            }
            catch (RaftCluster<RaftClusterMember>.ConcurrentMembershipModificationException)
            {
                removed = false;
            }

            if (!removed)
            {
                throw new CofferException(ErrorKind.Unavailable, $"removing node \"{nodeId}\" did not commit; retry");
            }
        }

        await ReplicateAsync(StorageCommand.RemoveMember(nodeId), cancellationToken).ConfigureAwait(false);
    }
}
