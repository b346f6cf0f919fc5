using System.Text.Json.Nodes;

namespace Coffer.Core.Ha;

/// <summary>
/// What Core needs from integrated storage (Raft) for high availability, the join handshake and the
/// <c>sys/storage/raft/*</c> endpoints. The server implements it over the Raft engine; Core never sees the engine.
/// The Raft leader is the active node; every other unsealed node is a standby.
/// </summary>
public interface IIntegratedStorage
{
    /// <summary>This node's id in the cluster (Vault's <c>node_id</c>).</summary>
    string NodeId { get; }

    /// <summary>This node's cluster address, <c>host:port</c>.</summary>
    string ClusterAddress { get; }

    /// <summary>True while a join handshake waits for this node to be unsealed with the cluster's key shares.</summary>
    bool IsJoining { get; }

    /// <summary>Whether this node leads the Raft cluster.</summary>
    bool IsLeader { get; }

    /// <summary>The leader's node id; null when no leader is known.</summary>
    string? LeaderNodeId { get; }

    /// <summary>The leader's cluster address, <c>host:port</c>; null when no leader is known.</summary>
    string? LeaderClusterAddress { get; }

    /// <summary>The local node's current Raft term.</summary>
    long Term { get; }

    long CommittedIndex { get; }

    long AppliedIndex { get; }

    /// <summary>Raised (on the thread pool) whenever this node's view of leadership changes.</summary>
    event EventHandler? LeadershipChanged;

    /// <summary>
    /// Forms a new one-node cluster led by this node, for <c>sys/init</c>. Returns the cluster's certificate issuer
    /// (opaque bytes) that Core keeps under the barrier, so that any later active node can admit joiners.
    /// </summary>
    Task<byte[]> BootstrapAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Tells integrated storage whether this node is unsealed. Only an unsealed node may lead the cluster (the leader
    /// is the active node), as in Vault; a sealed one still replicates and votes. Unsealing waits until the cluster
    /// has a leader, because the rest of unsealing reads replicated storage.
    /// </summary>
    Task SetUnsealedAsync(bool unsealed, CancellationToken cancellationToken);

    /// <summary>
    /// Lets this node lead while sealed. A DR secondary's leader runs the replicator, which writes below the barrier:
    /// the cluster must keep a leader while every node waits to be unsealed with the primary's keys.
    /// </summary>
    Task SetLeadWhileSealedAsync(bool allowed, CancellationToken cancellationToken);

    /// <summary>
    /// The value this node has applied at physical <paramref name="key"/>, without a read barrier (possibly behind the
    /// leader); null when absent or while the node is not a member. For records every node watches, such as the DR mode.
    /// </summary>
    byte[]? ReadApplied(string key);

    /// <summary>Called once the issuer from <see cref="BootstrapAsync"/> is stored under the barrier.</summary>
    void BootstrapCompleted();

    /// <summary>Credentials (opaque bytes) for a joining node to take part in Raft traffic, made with the stored issuer.</summary>
    byte[] IssueNodeCredentials(ReadOnlySpan<byte> issuer, string nodeId);

    /// <summary>
    /// On a joining node that has just been unsealed: opens the leader's challenge and credentials with
    /// <paramref name="open"/>, starts Raft, answers the challenge and waits to be caught up.
    /// </summary>
    Task CompleteJoinAsync(SealedBlobOpener open, CancellationToken cancellationToken);

    /// <summary>On the active node: adds a node that answered its join challenge as a voter; returns once it caught up.</summary>
    Task AddPeerAsync(string nodeId, string clusterAddress, CancellationToken cancellationToken);

    /// <summary>On the active node: removes a server from the cluster (<c>remove-peer</c>).</summary>
    Task RemovePeerAsync(string nodeId, CancellationToken cancellationToken);

    RaftConfiguration GetConfiguration();

    /// <summary>On the active node: records a standby's heartbeat; false for a stale or replayed one.</summary>
    bool RecordHeartbeat(FollowerHeartbeat heartbeat);

    /// <summary>The autopilot configuration in effect on this node.</summary>
    AutopilotSettings AutopilotSettings { get; set; }

    /// <summary>On the active node: the <c>data</c> of <c>sys/storage/raft/autopilot/state</c>.</summary>
    JsonObject GetAutopilotState();

    /// <summary>How many snapshot restores this node's applied state went through.</summary>
    long RestoreGeneration { get; }

    /// <summary>Raised (on the thread pool) when this node applied a snapshot restore: anything read before is stale.</summary>
    event EventHandler? StateRestored;

    /// <summary>
    /// On the active node: every physical entry, consistent with every write acknowledged before the call, from an
    /// immutable version of the state (writes are not held up while the caller streams it out).
    /// </summary>
    Task<StoredStateVersion> CaptureStateAsync(CancellationToken cancellationToken);

    /// <summary>
    /// On the active node: replaces every physical entry with <paramref name="entries"/> in one replicated step, except
    /// the current entries under <paramref name="keepPrefix"/>, which stay. If it fails (including by an exception from
    /// the enumeration) nothing changed. Every node raises <see cref="StateRestored"/> once it applied the restore.
    /// </summary>
    Task RestoreStateAsync(IAsyncEnumerable<KeyValuePair<string, byte[]>> entries, string keepPrefix, CancellationToken cancellationToken);
}
