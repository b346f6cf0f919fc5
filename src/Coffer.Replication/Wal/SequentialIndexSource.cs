namespace Coffer.Replication.Wal;

/// <summary>The primary's own commit sequence: 1, 2, 3, ... with no gaps.</summary>
public sealed class SequentialIndexSource : IReplicationIndexSource
{
    public static SequentialIndexSource Instance { get; } = new();

    public long NextIndex(long lastIndex) => checked(lastIndex + 1);
}
