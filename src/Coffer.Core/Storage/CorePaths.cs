namespace Coffer.Core.Storage;

/// <summary>Every storage key Core reserves, in one place.</summary>
internal static class CorePaths
{
    /// <summary>Physical, plaintext: the seal configuration must be readable while sealed.</summary>
    public const string SealConfig = "core/seal-config";

    /// <summary>Below the barrier: cluster name and id, created at initialisation.</summary>
    public const string ClusterInfo = "core/cluster-info";

    /// <summary>Below the barrier: the mount table.</summary>
    public const string Mounts = "core/mounts";

    /// <summary>Below the barrier: the audit device table, with each device's HMAC salt.</summary>
    public const string Audit = "core/audit";

    /// <summary>
    /// Below the barrier, integrated storage only: where the active node can be reached (HA). Cluster-local (under
    /// <see cref="ReplicationReserved"/>): a DR secondary must not learn its primary's active node as its own.
    /// </summary>
    public const string ActiveNode = "replication/local/ha/active";

    /// <summary>
    /// Below the barrier, integrated storage only: the certificate issuer for nodes joining the cluster. Cluster-local:
    /// each cluster admits nodes with its own issuer, and a DR secondary's wipe must not take it.
    /// </summary>
    public const string RaftTlsIssuer = "replication/local/raft/tls-issuer";

    /// <summary>
    /// Physical, plaintext, cluster-local, briefly: <see cref="RaftTlsIssuer"/> carried across a DR secondary's keyring
    /// replacement, until the first active node unsealed with the new keyring seals it again.
    /// </summary>
    public const string RaftTlsIssuerCarried = "replication/local/raft/tls-issuer-carried";

    /// <summary>
    /// Physical, plaintext, cluster-local, integrated storage only: the autopilot configuration. Autopilot watches this
    /// cluster's own Raft servers, so a DR secondary keeps (and may change) its own settings, neither replicated from
    /// its primary nor wiped at activation nor replaced by a snapshot restore. Plaintext because they hold nothing
    /// secret and must outlive the keyring a DR activation replaces.
    /// </summary>
    public const string AutopilotSettings = "replication/local/raft/autopilot";

    /// <summary>Below the barrier: where the autopilot configuration was kept before it became cluster-local; read when <see cref="AutopilotSettings"/> is empty.</summary>
    public const string AutopilotSettingsBefore = "core/raft/autopilot";

    /// <summary>Below the barrier: ACL policies, one entry per name.</summary>
    public const string Policies = "sys/policy/";

    /// <summary>Below the barrier: the token store's view.</summary>
    public const string TokenStore = "sys/token/";

    /// <summary>Below the barrier: each mount's data lives under logical/&lt;uuid&gt;/.</summary>
    public const string LogicalPrefix = "logical/";

    /// <summary>
    /// Physical: reserved for replication and local to each cluster. Nothing below it is replicated, re-indexed or
    /// wiped. Replication's own records are plaintext (a DR secondary reads them sealed, and its keyring is replaced
    /// by its primary's); the integrated-storage records below <c>replication/local/</c> go through the barrier.
    /// </summary>
    public const string ReplicationReserved = "replication/";

    /// <summary>Physical, plaintext, cluster-local: this cluster's DR role and, on a secondary, its credentials.</summary>
    public const string DrState = "replication/local/dr-state";

    /// <summary>
    /// Physical, cluster-local: the SHA-256 of this DR secondary's threshold-generated DR operation token (never the
    /// token itself). A secondary cannot write below the barrier, and the token belongs to this cluster alone.
    /// </summary>
    public const string DrOperationToken = "replication/local/dr-operation-token";
}
