using System.Net;

namespace Coffer.Replication.Primary;

public sealed class PrimaryReplicatorOptions
{
    /// <summary>Where the replication service listens (port 0 picks a free port; see <see cref="PrimaryReplicator.BoundEndpoint"/>).</summary>
    public required IPEndPoint ListenEndpoint { get; init; }

    /// <summary>
    /// The address handed to secondaries (<c>primary_cluster_addr</c>), e.g. <c>https://lb.example:8201</c>.
    /// Defaults to <c>https://</c> + the bound endpoint.
    /// </summary>
    public string? PrimaryClusterAddress { get; init; }

    /// <summary>
    /// The replication-set id (<c>cluster_id</c>) this primary must have: a promoted secondary keeps its set's id, so
    /// the old primary can follow it without a wipe. Null uses the stored id, or makes a new one the first time.
    /// </summary>
    public string? ClusterId { get; init; }

    /// <summary>Extra DNS names or IPs for the server certificate (the client checks the CA and role, not the name).</summary>
    public IReadOnlyList<string> ServerCertificateHosts { get; init; } = [];

    /// <summary>How often an idle stream carries a heartbeat (the secondary's lag clock and liveness check).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The least time between two batches on one stream, unless the last one was full (a secondary catching up gets
    /// batches back to back). Entries committed meanwhile travel together, so a secondary receives and commits at most
    /// about 50 batches a second whatever the write rate: each message and each of its commits (a Raft round and a
    /// flush) costs both sides more than the entries in it. Adds up to this much to the lag under load; an entry
    /// committed after a quiet spell ships at once.
    /// </summary>
    public TimeSpan ShipInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// A batch carrying at least this many storage operations marks the stream as busy (a KV v2 write is about three).
    /// Twice the secondary's threshold for pacing its commits: a stream of 500 writes a second carries ~30 operations per
    /// batch, and its occasional bursts past 128 stretched its lag's tail when they waited the busy interval.
    /// </summary>
    public int BusyShipOperations { get; init; } = 256;

    /// <summary>
    /// The least time between two batches after a busy one (<see cref="BusyShipOperations"/>), unless it was full. A
    /// busy secondary commits no more often than this anyway (its <c>BusyCommitInterval</c>), so shipping more often
    /// only costs both sides messages: a third of the messages took about a quarter of a streaming secondary's processor
    /// time away (bench/RESULTS.md). A quiet stream (a few hundred writes a second) never reaches the threshold and keeps
    /// <see cref="ShipInterval"/>'s lag.
    /// </summary>
    public TimeSpan BusyShipInterval { get; init; } = TimeSpan.FromMilliseconds(60);

    public int MaxBatchEntries { get; init; } = 512;

    public int MaxBatchBytes { get; init; } = 1024 * 1024;

    public int ReindexChunkKeys { get; init; } = 1024;

    public int ReindexChunkBytes { get; init; } = 1024 * 1024;

    public TimeSpan ServerCertificateLifetime { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Lifetime of a secondary's client certificate; revocation, not expiry, is what cuts a secondary off.</summary>
    public TimeSpan ClientCertificateLifetime { get; init; } = TimeSpan.FromDays(3650);

    public IReplicationKeyProtector? KeyProtector { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ListenEndpoint);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HeartbeatInterval, TimeSpan.Zero, nameof(HeartbeatInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(ShipInterval, TimeSpan.Zero, nameof(ShipInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyShipOperations, 1, nameof(BusyShipOperations));
        ArgumentOutOfRangeException.ThrowIfLessThan(BusyShipInterval, TimeSpan.Zero, nameof(BusyShipInterval));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchEntries, 1, nameof(MaxBatchEntries));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, 1, nameof(MaxBatchBytes));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReindexChunkKeys, 1, nameof(ReindexChunkKeys));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReindexChunkBytes, 1, nameof(ReindexChunkBytes));
    }
}
