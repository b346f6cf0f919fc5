namespace Coffer.Replication.Protocol;

internal static class ProtocolVersion
{
    /// <summary>The version of <c>replication.proto</c> this build speaks; peers with another are refused.</summary>
    public const uint Current = 1;
}
