namespace Coffer.Replication;

/// <summary>
/// The physical keys the replication subsystem reserves. Nothing under <see cref="ReservedPrefix"/> is
/// replicated, re-indexed or wiped by a re-index, so each cluster keeps its own log, registry and state.
/// </summary>
public static class ReplicationKeys
{
    /// <summary>Every key below this prefix is local to the cluster that wrote it.</summary>
    public const string ReservedPrefix = "replication/";

    /// <summary>Log entries: <c>replication/wal/&lt;20-digit index&gt;</c>, so ordinal order is index order.</summary>
    public const string LogEntryPrefix = "replication/wal/";

    /// <summary>The log's identity, last index and trim point, rewritten in every logged commit.</summary>
    public const string LogMeta = "replication/log-meta";

    /// <summary>
    /// On integrated storage, the id of the Raft history a primary serves; while it is present every node keeps its
    /// newest applied entries in memory for the secondaries.
    /// </summary>
    public const string HistoryMarker = "replication/history-id";

    /// <summary>The primary's replication CA and cluster id.</summary>
    public const string PrimaryIdentity = "replication/primary/identity";

    /// <summary>The registry of secondaries: <c>replication/primary/secondaries/&lt;escaped id&gt;</c>.</summary>
    public const string SecondaryRegistryPrefix = "replication/primary/secondaries/";

    /// <summary>The secondary's applied index and re-index marker.</summary>
    public const string SecondaryState = "replication/secondary/state";

    /// <summary>Free for the host's own cluster-local records (for example a secondary's activation data).</summary>
    public const string LocalPrefix = "replication/local/";

    public static bool IsReserved(string key) => key.StartsWith(ReservedPrefix, StringComparison.Ordinal);

    internal static string LogEntryKey(long index) => LogEntryPrefix + index.ToString("D20", System.Globalization.CultureInfo.InvariantCulture);

    internal static bool TryParseLogEntryKey(string childName, out long index) =>
        long.TryParse(childName, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out index);
}
