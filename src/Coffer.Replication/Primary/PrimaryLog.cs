using Microsoft.Extensions.Logging;

namespace Coffer.Replication.Primary;

internal static partial class PrimaryLog
{
    [LoggerMessage(1, LogLevel.Information, "DR replication primary listening on {Endpoint} (cluster {ClusterId})")]
    public static partial void Listening(ILogger logger, string endpoint, string clusterId);

    [LoggerMessage(2, LogLevel.Information, "DR secondary {SecondaryId} streaming from index {FromIndex}")]
    public static partial void StreamOpened(ILogger logger, string secondaryId, long fromIndex);

    [LoggerMessage(3, LogLevel.Information, "DR secondary {SecondaryId} stream closed")]
    public static partial void StreamClosed(ILogger logger, string secondaryId);

    [LoggerMessage(4, LogLevel.Information, "DR secondary {SecondaryId} must re-index: {Reason}")]
    public static partial void ReindexRequired(ILogger logger, string secondaryId, string reason);

    [LoggerMessage(5, LogLevel.Information, "DR secondary {SecondaryId} re-indexed: {Keys} keys, consistent at index {Index}")]
    public static partial void ReindexServed(ILogger logger, string secondaryId, long keys, long index);

    [LoggerMessage(6, LogLevel.Warning, "DR replication call refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(7, LogLevel.Information, "DR secondary {SecondaryId} revoked")]
    public static partial void Revoked(ILogger logger, string secondaryId);

    [LoggerMessage(8, LogLevel.Information, "DR secondary {SecondaryId} credentials issued")]
    public static partial void CredentialsIssued(ILogger logger, string secondaryId);
}
