namespace Coffer.Replication.Secondary;

/// <summary>The link to the primary, named like gRPC's connectivity states (<c>connection_state</c> in status).</summary>
public enum ConnectionState
{
    Idle,
    Connecting,
    Ready,
    TransientFailure,
    Shutdown,
}
