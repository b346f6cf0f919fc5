namespace Coffer.Core.Ha;

/// <summary>
/// What a standby tells the active node periodically, as Vault's echo does: how far it has applied the log, in which
/// term, and which version it runs. The active node's autopilot state is computed from these.
/// </summary>
public sealed record FollowerHeartbeat(string NodeId, long AppliedIndex, long Term, string Version, DateTimeOffset SentAt);
