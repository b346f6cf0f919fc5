namespace Coffer.Core.Ha;

/// <summary>
/// Every physical entry of integrated storage as of one applied log position, from an immutable version of the
/// state: it stays the same while later writes go on. The value arrays are shared: never modify them.
/// </summary>
public sealed record StoredStateVersion(long Index, long Term, IReadOnlyCollection<KeyValuePair<string, byte[]>> Entries);
