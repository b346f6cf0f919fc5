using Coffer.Core.Replication;
using Coffer.Replication.Wal;

namespace Coffer.Server.Replication;

/// <summary>The engine's status, translated into Core's status records, with lag worked out on the primary side.</summary>
internal sealed partial class DrReplicationProvider
{
    public async Task<DrPrimaryStatus?> GetPrimaryStatusAsync(CancellationToken cancellationToken)
    {
        if (_primary is not { } primary)
        {
            return null;
        }

        var status = primary.GetStatus();
        var now = _time.GetUtcNow();
        var secondaries = new List<DrKnownSecondary>();
        foreach (var secondary in status.Secondaries.Where(s => !s.Revoked))
        {
            var lagEntries = Math.Max(0, status.LastIndex - secondary.LastAckedIndex);
            var lagSeconds = lagEntries == 0 ? 0 : await SecondsSinceCommitAsync(primary.Log, secondary.LastAckedIndex + 1, now, cancellationToken).ConfigureAwait(false);
            secondaries.Add(new DrKnownSecondary(
                secondary.Id, secondary.Connected, HostPort(secondary.RemoteAddress), secondary.LastSeen,
                secondary.LastAckedIndex, lagEntries, lagSeconds));
        }

        return new DrPrimaryStatus(
            status.ClusterId, status.PrimaryClusterAddress, status.LastIndex, status.LastShippedIndex, status.FirstRetainedIndex, secondaries);
    }

    public DrSecondaryStatus? GetSecondaryStatus()
    {
        if (_secondary?.Status is not { } status)
        {
            return null;
        }

        return new DrSecondaryStatus(
            status.SecondaryId,
            status.ClusterId,
            status.PrimaryClusterAddress,
            status.StateName,
            status.ConnectionStateName,
            status.LastRemoteWal,
            status.PrimaryLastIndex,
            status.LagEntries,
            status.LagSeconds,
            status.LastHeartbeat,
            status.ClockSkewMilliseconds,
            status.ReindexInProgress,
            status.ReindexKeysDone,
            status.ReindexKeysTotal,
            status.LastReindex,
            status.LastStart,
            status.LastError);
    }

    /// <summary>gRPC names peers <c>ipv4:10.0.0.2:53412</c>; status shows the <c>host:port</c> part.</summary>
    private static string HostPort(string? peer) =>
        peer is null ? string.Empty
        : peer.StartsWith("ipv4:", StringComparison.Ordinal) || peer.StartsWith("ipv6:", StringComparison.Ordinal) ? peer[5..]
        : peer;

    /// <summary>
    /// How long ago the oldest entry a secondary lacks was committed. When the log no longer holds it (the secondary
    /// will need a re-index) the oldest retained entry gives a lower bound.
    /// </summary>
    private static async Task<double> SecondsSinceCommitAsync(IReplicationHistory log, long index, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<ReplicationLogEntry> entries;
        try
        {
            entries = await log.ReadFromAsync(index, 1, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ReplicationLogTruncatedException)
        {
            entries = log.FirstRetainedIndex > 0
                ? await log.ReadFromAsync(log.FirstRetainedIndex, 1, cancellationToken: cancellationToken).ConfigureAwait(false)
                : [];
        }

        return entries.Count == 0 ? 0 : Math.Max(0, (now - entries[0].CommittedAt).TotalSeconds);
    }
}
