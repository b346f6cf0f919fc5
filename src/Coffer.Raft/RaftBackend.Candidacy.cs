using DotNext.Net.Cluster.Consensus.Raft;

namespace Coffer.Raft;

/// <summary>Whether the local node may lead: a sealed Coffer node must not, since the leader is the active node.</summary>
public sealed partial class RaftBackend
{
    private const int MaxStandbyAttempts = 100;

    /// <summary>Whether this node may stand for election; false while it is held back by <see cref="SetCandidacyAsync"/>.</summary>
    public bool MayLead => _cluster is { Standby: false };

    /// <summary>
    /// Allows or forbids this node to stand for election. A node that may not lead stays a follower that replicates and
    /// votes; if it leads when forbidden, it resigns first. Returns false when the node could not be held back (it
    /// kept being a candidate or leader), so the caller may try again.
    /// </summary>
    public async Task<bool> SetCandidacyAsync(bool allowed, CancellationToken cancellationToken = default)
    {
        var (cluster, _, _) = Running();
        if (allowed)
        {
            await cluster.RevertToNormalModeAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        // The engine suspends state transitions only from the follower state: resign first, and wait out a candidacy.
        for (var attempt = 0; attempt < MaxStandbyAttempts && !cluster.Standby; attempt++)
        {
            if (!cluster.LeadershipToken.IsCancellationRequested)
            {
                await ((IRaftCluster)cluster).ResignAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await cluster.EnableStandbyModeAsync(cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(10, _timings.LowerElectionTimeoutMs / 10)), cancellationToken).ConfigureAwait(false);
        }

        NotifyLeadership();
        return cluster.Standby;
    }
}
