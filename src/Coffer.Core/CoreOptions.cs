using Coffer.Sdk.Logical;

namespace Coffer.Core;

/// <summary>
/// Everything Core needs to know, as plain values: Core reads no files, environment or clock of its own.
/// </summary>
public sealed record CoreOptions
{
    public TimeSpan DefaultLeaseTtl { get; init; } = TimeSpan.FromHours(768);

    public TimeSpan MaxLeaseTtl { get; init; } = TimeSpan.FromHours(768);

    /// <summary>Cluster name; generated at initialisation when empty.</summary>
    public string ClusterName { get; init; } = string.Empty;

    /// <summary>
    /// The URL clients reach this node at (Vault's <c>api_addr</c>). With integrated storage the active node
    /// advertises it so that standbys forward and redirect to it.
    /// </summary>
    public string ApiAddress { get; init; } = string.Empty;

    /// <summary>How often expired service tokens are swept from storage.</summary>
    public TimeSpan ExpirationSweepInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Version reported by seal-status, health and autopilot.</summary>
    public string Version { get; init; } = "1.21.0";

    /// <summary>Secrets-engine factories by mount type (e.g. <c>kv</c>), supplied by the host.</summary>
    public IReadOnlyDictionary<string, Func<MountContext, ILogicalBackend>> SecretsEngines { get; init; } =
        new Dictionary<string, Func<MountContext, ILogicalBackend>>();

    /// <summary>Whether audit devices may take the <c>prefix</c> option (<c>allow_audit_log_prefixing</c>).</summary>
    public bool AllowAuditLogPrefixing { get; init; }

    /// <summary>Raw handlers that may be used without a token (Vault 2.x <c>enable_unauthenticated_access</c>).</summary>
    public IReadOnlySet<string> UnauthenticatedAccess { get; init; } = new HashSet<string>();
}
