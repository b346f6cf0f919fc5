using Microsoft.Extensions.Logging;

namespace Coffer.Core;

/// <summary>Core's log messages, source-generated. None of them may carry a token, key or secret value.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "core: initialized with {Shares} key shares and a key threshold of {Threshold}")]
    public static partial void Initialized(ILogger logger, int shares, int threshold);

    [LoggerMessage(2, LogLevel.Information, "core: vault is unsealed")]
    public static partial void Unsealed(ILogger logger);

    [LoggerMessage(3, LogLevel.Information, "core: vault is sealed")]
    public static partial void Sealed(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "core: successfully mounted {Type} at {Path}")]
    public static partial void Mounted(ILogger logger, string type, string path);

    [LoggerMessage(5, LogLevel.Information, "core: unmounted {Path}")]
    public static partial void Unmounted(ILogger logger, string path);

    [LoggerMessage(6, LogLevel.Error, "core: request to {Path} failed unexpectedly")]
    public static partial void RequestFailed(ILogger logger, Exception exception, string path);

    [LoggerMessage(7, LogLevel.Information, "core: keyring rotated to term {Term}")]
    public static partial void Rotated(ILogger logger, int term);

    [LoggerMessage(8, LogLevel.Information, "core: this node is now the active node (node id {NodeId}, term {Term})")]
    public static partial void BecameActive(ILogger logger, string nodeId, long term);

    [LoggerMessage(9, LogLevel.Information, "core: this node is no longer the active node; it is a standby")]
    public static partial void SteppedDown(ILogger logger);

    [LoggerMessage(10, LogLevel.Warning, "core: becoming the active node failed; retrying")]
    public static partial void BecomeActiveFailed(ILogger logger, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "core: this sealed node could not hand over leadership of the cluster")]
    public static partial void HoldBackFailed(ILogger logger, Exception exception);

    [LoggerMessage(12, LogLevel.Information, "core: integrated storage restored a snapshot (Raft index {Index}); reloading")]
    public static partial void SnapshotRestored(ILogger logger, long index);

    [LoggerMessage(13, LogLevel.Warning, "core: the restored snapshot's keyring does not open with this node's keys: sealing; unseal with the keys of the cluster the snapshot came from")]
    public static partial void RestoredKeysDiffer(ILogger logger);

    [LoggerMessage(14, LogLevel.Warning, "core: reloading after a snapshot restore failed; retrying")]
    public static partial void RestoreReloadFailed(ILogger logger, Exception exception);
}
