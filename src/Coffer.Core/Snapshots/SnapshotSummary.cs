namespace Coffer.Core.Snapshots;

/// <summary>What a snapshot's body says about itself: the Raft position it was taken at, when, and how many entries.</summary>
internal sealed record SnapshotSummary(long Index, long Term, DateTimeOffset Created, long EntryCount);
