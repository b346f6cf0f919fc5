namespace Coffer.Server.Configuration;

/// <summary>
/// Vault's <c>replication</c> stanza: how much of the replication log a DR primary keeps for its secondaries (the
/// "log shipper buffer"). A secondary that falls further behind is re-indexed. Null values keep the defaults.
/// </summary>
public sealed record ReplicationConfig
{
    /// <summary><c>logshipper_buffer_length</c>: the most log entries kept.</summary>
    public long? LogShipperBufferLength { get; init; }

    /// <summary><c>logshipper_buffer_size</c>: the most bytes of log entries kept.</summary>
    public long? LogShipperBufferSize { get; init; }
}
