namespace Coffer.Replication.Secondary;

/// <summary>
/// A snapshot of a secondary's replication state. <see cref="LastRemoteWal"/> is the highest primary index
/// received; <see cref="LagEntries"/> compares the applied index with the primary's last index from its latest
/// heartbeat; <see cref="LagSeconds"/> is how much newer (by the primary's own commit clock) the primary's
/// last commit is than the last one applied here, so clock skew between the clusters does not enter it.
/// </summary>
public sealed record SecondaryStatus(
    string SecondaryId,
    string ClusterId,
    string PrimaryClusterAddress,
    SecondaryState State,
    ConnectionState ConnectionState,
    long LastRemoteWal,
    long LastAppliedIndex,
    long PrimaryLastIndex,
    long LagEntries,
    double LagSeconds,
    DateTimeOffset? LastHeartbeat,
    long ClockSkewMilliseconds,
    long ReindexKeysDone,
    long ReindexKeysTotal,
    DateTimeOffset? LastReindex,
    DateTimeOffset LastStart,
    string? LastError)
{
    /// <summary>The state as status JSON spells it: <c>idle</c>, <c>connecting</c>, <c>stream-wals</c>, <c>merkle-sync</c>.</summary>
    public string StateName => State switch
    {
        SecondaryState.Connecting => "connecting",
        SecondaryState.StreamWals => "stream-wals",
        SecondaryState.Reindexing => "merkle-sync",
        _ => "idle",
    };

    public string ConnectionStateName => ConnectionState switch
    {
        ConnectionState.Connecting => "connecting",
        ConnectionState.Ready => "ready",
        ConnectionState.TransientFailure => "transient_failure",
        ConnectionState.Shutdown => "shutdown",
        _ => "idle",
    };

    public bool ReindexInProgress => State == SecondaryState.Reindexing;
}
