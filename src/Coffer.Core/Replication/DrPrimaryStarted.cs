namespace Coffer.Core.Replication;

/// <summary>A running primary replication service: the replication-set id and the address secondaries dial.</summary>
public sealed record DrPrimaryStarted(string ClusterId, string ClusterAddress);
