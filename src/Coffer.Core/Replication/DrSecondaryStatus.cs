namespace Coffer.Core.Replication;

/// <summary>
/// The secondary side of the status endpoints, with Vault's state names (<c>stream-wals</c>, <c>merkle-sync</c>,
/// <c>idle</c>, ...) and gRPC connectivity names (<c>ready</c>, <c>transient_failure</c>, ...). Lag compares the
/// applied index and commit time with the primary's latest heartbeat.
/// </summary>
public sealed record DrSecondaryStatus(
    string SecondaryId,
    string ClusterId,
    string PrimaryClusterAddress,
    string State,
    string ConnectionState,
    long LastRemoteWal,
    long PrimaryLastWal,
    long LagEntries,
    double LagSeconds,
    DateTimeOffset? LastHeartbeat,
    long ClockSkewMilliseconds,
    bool ReindexInProgress,
    long ReindexKeysDone,
    long ReindexKeysTotal,
    DateTimeOffset? LastReindex,
    DateTimeOffset LastStart,
    string? LastError);
