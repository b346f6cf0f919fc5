namespace Coffer.Core.Replication;

/// <summary>
/// The API paths a DR secondary still serves (everything else answers 400 "path disabled in replication DR
/// secondary mode" before any token is looked at): seal and health, replication status, the DR operations that carry
/// a DR operation token, and the integrated-storage paths an operator needs during an outage.
/// </summary>
public static class DrSecondaryPaths
{
    private static readonly HashSet<string> Exact = new(StringComparer.Ordinal)
    {
        "sys/health", "sys/seal-status", "sys/leader", "sys/init", "sys/unseal",
        "sys/replication/status", "sys/replication/dr/status", "sys/replication/performance/status",
        "sys/replication/dr/secondary/promote", "sys/replication/dr/secondary/update-primary",
        "sys/replication/dr/secondary/disable", "sys/replication/dr/secondary/recover",
        "sys/replication/dr/secondary/reindex", "sys/replication/dr/secondary/merkle-check",
        "sys/replication/dr/secondary/operation-token/delete", "sys/replication/dr/secondary/generate-public-key",
        "sys/storage/raft/configuration", "sys/storage/raft/remove-peer",
        "sys/storage/raft/autopilot/state", "sys/storage/raft/autopilot/configuration",
    };

    /// <summary>
    /// The integrated-storage administration paths that, on a DR secondary, take a DR operation token in the body of
    /// a write instead of <c>X-Vault-Token</c>.
    /// </summary>
    private static readonly HashSet<string> RaftAdministration = new(StringComparer.Ordinal)
    {
        "sys/storage/raft/configuration", "sys/storage/raft/remove-peer",
        "sys/storage/raft/autopilot/state", "sys/storage/raft/autopilot/configuration",
    };

    private static readonly string[] Prefixes =
    [
        "sys/replication/dr/secondary/generate-operation-token/",
        "sys/replication/dr/secondary/license",
        "sys/storage/raft/bootstrap/",
    ];

    /// <summary>Whether <paramref name="path"/> (relative to <c>/v1/</c>) is served on a DR secondary.</summary>
    public static bool IsAllowed(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = path.TrimEnd('/');
        if (Exact.Contains(path))
        {
            return true;
        }

        foreach (var prefix in Prefixes)
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="path"/> (relative to <c>/v1/</c>) is one of the integrated-storage administration paths.</summary>
    public static bool IsRaftAdministration(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return RaftAdministration.Contains(path.TrimEnd('/'));
    }
}
