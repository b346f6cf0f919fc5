namespace Coffer.Core.Ha;

/// <summary>The Raft configuration as <c>sys/storage/raft/configuration</c> reports it.</summary>
/// <param name="Index">Raft index of the entry that last changed the configuration.</param>
/// <param name="Servers">Every server, ordered by node id.</param>
public sealed record RaftConfiguration(long Index, IReadOnlyList<RaftServerInfo> Servers);
