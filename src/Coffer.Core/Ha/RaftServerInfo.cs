namespace Coffer.Core.Ha;

/// <summary>One server of the Raft configuration.</summary>
public sealed record RaftServerInfo(string NodeId, string Address, bool Leader, bool Voter);
