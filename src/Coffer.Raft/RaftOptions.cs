using System.Security.Cryptography.X509Certificates;
using Coffer.Raft.History;

namespace Coffer.Raft;

/// <summary>
/// Configuration of one integrated-storage node: the <c>storage "raft"</c> stanza plus the cluster TLS material.
/// Timing defaults follow Vault (performance multiplier 5); tests use 1 for fast elections.
/// </summary>
public sealed record RaftOptions
{
    /// <summary>Vault's <c>node_id</c>: the stable name of this node inside the cluster.</summary>
    public required string NodeId { get; init; }

    /// <summary>Directory holding the write-ahead log, snapshots and the membership file of this node.</summary>
    public required string DataPath { get; init; }

    /// <summary>Address peers use for Raft traffic, <c>host:port</c> (the host part of Vault's <c>cluster_addr</c>).</summary>
    public required string ClusterAddress { get; init; }

    /// <summary>Local address to listen on when it differs from <see cref="ClusterAddress"/> (e.g. <c>0.0.0.0:8201</c>).</summary>
    public string? ListenAddress { get; init; }

    /// <summary>
    /// Forms a new one-node cluster on first start when the data directory is empty. Nodes that join an existing
    /// cluster leave it false and wait to be added by the leader (<see cref="RaftBackend.AddMemberAsync"/>).
    /// </summary>
    public bool Bootstrap { get; init; }

    /// <summary>Vault's <c>performance_multiplier</c>: 0 means the default 5; 1 is the fastest; at most 10.</summary>
    public int PerformanceMultiplier { get; init; } = 5;

    /// <summary>Entries kept in the log after a snapshot, so a slightly lagging follower catches up without one.</summary>
    public long TrailingLogs { get; init; } = 10_000;

    /// <summary>
    /// Lets the leader serve reads from its applied state while it holds a leader lease (a majority answered it within
    /// the lease, a fraction of the election timeout) instead of confirming its leadership with a replication round
    /// per read. Off by default: the lease assumes clocks that drift by less than the engine's bound.
    /// </summary>
    public bool LeaderLeaseReads { get; init; }

    /// <summary>Applied entries since the last snapshot that trigger a new one.</summary>
    public long SnapshotThreshold { get; init; } = 8192;

    /// <summary>How often the snapshot threshold is checked.</summary>
    public TimeSpan SnapshotInterval { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Largest encoded write (one put, delete or transaction) accepted; Vault's <c>max_entry_size</c>.</summary>
    public int MaxEntrySize { get; init; } = 1024 * 1024;

    /// <summary>
    /// Size of one write-ahead-log chunk file. The engine keeps one open file per chunk until a snapshot lets it
    /// delete them, so a small chunk exhausts file descriptors under load (spec defect #2): keep this in MiB.
    /// </summary>
    public int WalChunkSize { get; init; } = 8 * 1024 * 1024;

    /// <summary>
    /// Timeout of one Raft RPC. It must exceed the worst snapshot transfer and install, or a follower behind the
    /// leader's snapshot never catches up (spec defect #1). Null derives it from the performance multiplier.
    /// </summary>
    public TimeSpan? RequestTimeout { get; init; }

    /// <summary>
    /// What this node keeps of its applied history for readers outside the cluster (<see cref="RaftBackend.History"/>);
    /// null keeps none.
    /// </summary>
    public CommitHistoryOptions? History { get; init; }

    /// <summary>This node's certificate (with private key) for mutual TLS on the cluster port; null disables TLS.</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>
    /// Certificates a peer's certificate must chain to (a CA, or the peers' self-signed certificates themselves).
    /// Required with <see cref="Certificate"/>.
    /// </summary>
    public X509Certificate2Collection? TrustedCertificates { get; init; }
}
