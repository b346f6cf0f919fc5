namespace Coffer.Raft;

/// <summary>
/// One immutable, consistent version of every stored entry, and the log position it reflects. Later writes do not
/// change it, so it can be streamed out slowly while the cluster keeps writing. The value arrays are shared with the
/// state machine: never modify them.
/// </summary>
public sealed record RaftStateView(long Index, long Term, IReadOnlyCollection<KeyValuePair<string, byte[]>> Entries);
