using Coffer.Core;
using Coffer.Core.Ha;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Cluster;

/// <summary>
/// Where the active node is, for a standby: the advertisement the active node wrote under the barrier, accepted only
/// when it names the current Raft leader in the current term (an older one is left over from a previous leadership).
/// Cached until the leader or the term changes.
/// </summary>
internal sealed class ActiveNodeLocator(CofferCore core, IIntegratedStorage raft)
{
    private volatile ActiveNodeAdvertisement? _cached;

    public async Task<ActiveNodeAdvertisement?> FindAsync(CancellationToken cancellationToken)
    {
        var leader = raft.LeaderNodeId;
        var term = raft.Term;
        if (leader is null || core.IsSealed)
        {
            return null;
        }

        if (_cached is { } cached && Current(cached, leader, term))
        {
            return cached;
        }

        ActiveNodeAdvertisement? advertisement;
        try
        {
            advertisement = await core.ReadActiveNodeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CofferException e) when (e.Kind is ErrorKind.Unavailable or ErrorKind.Sealed)
        {
            return null;
        }

        if (advertisement is null || !Current(advertisement, leader, term))
        {
            return null;
        }

        _cached = advertisement;
        return advertisement;
    }

    /// <summary>
    /// Waits up to <paramref name="patience"/> for an active node to be known, since a new leader takes a moment to
    /// take over. Null when none is known in time, or when this node itself stopped being a standby.
    /// </summary>
    public async Task<ActiveNodeAdvertisement?> WaitAsync(TimeSpan patience, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + patience;
        while (core.IsStandby)
        {
            if (await FindAsync(cancellationToken).ConfigureAwait(false) is { } found)
            {
                return found;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    private static bool Current(ActiveNodeAdvertisement advertisement, string leader, long term) =>
        string.Equals(advertisement.NodeId, leader, StringComparison.Ordinal) && advertisement.Term == term;
}
