namespace Coffer.Raft;

/// <summary>One server of the Raft configuration, as <c>sys/storage/raft/configuration</c> reports it.</summary>
/// <param name="NodeId">Coffer's node id; the address itself while the id is not yet known (a node mid-join).</param>
/// <param name="Address">The cluster address, <c>host:port</c>.</param>
/// <param name="IsVoter">Always true: the engine has no non-voters (spec §2.4).</param>
/// <param name="IsLeader">Whether this server is the current leader, as far as the local node knows.</param>
/// <param name="IsLocal">Whether this server is the local node.</param>
public sealed record RaftMember(string NodeId, string Address, bool IsVoter, bool IsLeader, bool IsLocal);
