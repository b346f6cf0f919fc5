namespace Coffer.Core.Snapshots;

/// <summary>
/// A snapshot whose structure and digest checked out. <paramref name="KeysMatch"/>: this cluster's barrier keyring
/// opened the sealed digest, so the snapshot comes from a cluster holding the same keys.
/// </summary>
internal sealed record SnapshotVerification(long ContentLength, bool KeysMatch);
