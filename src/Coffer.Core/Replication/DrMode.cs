namespace Coffer.Core.Replication;

/// <summary>This cluster's role in DR replication, as <c>sys/replication/dr/status</c> and <c>sys/health</c> name it.</summary>
public enum DrMode
{
    Disabled,
    Primary,

    /// <summary>A DR secondary, whether following a primary or demoted and waiting for one (read-only either way).</summary>
    Secondary,
}
