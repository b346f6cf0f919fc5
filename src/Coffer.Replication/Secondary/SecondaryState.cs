namespace Coffer.Replication.Secondary;

/// <summary>
/// What the secondary is doing. Vault's DR status strings: <see cref="StreamWals"/> is <c>stream-wals</c>,
/// <see cref="Reindexing"/> plays the part of <c>merkle-sync</c>, <see cref="Idle"/> is <c>idle</c>.
/// </summary>
public enum SecondaryState
{
    Idle,
    Connecting,
    StreamWals,
    Reindexing,
}
