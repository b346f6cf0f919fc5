using Microsoft.Extensions.Logging;

namespace Coffer.Replication.Secondary;

internal static partial class SecondaryLog
{
    [LoggerMessage(1, LogLevel.Information, "DR secondary {SecondaryId} streaming from {Address} at index {FromIndex}")]
    public static partial void Streaming(ILogger logger, string secondaryId, string address, long fromIndex);

    [LoggerMessage(2, LogLevel.Information, "DR secondary {SecondaryId} re-index required: {Reason}")]
    public static partial void ReindexRequired(ILogger logger, string secondaryId, string reason);

    [LoggerMessage(3, LogLevel.Information, "DR secondary {SecondaryId} re-indexed {Keys} keys, consistent at index {Index}")]
    public static partial void Reindexed(ILogger logger, string secondaryId, long keys, long index);

    [LoggerMessage(4, LogLevel.Warning, "DR secondary {SecondaryId} lost its primary link, retrying in {Delay}: {Reason}")]
    public static partial void Retrying(ILogger logger, string secondaryId, TimeSpan delay, string reason);

    [LoggerMessage(5, LogLevel.Error, "DR secondary {SecondaryId} refused by its primary; not retrying: {Reason}")]
    public static partial void Refused(ILogger logger, string secondaryId, string reason);
}
