using Microsoft.Extensions.Logging;

namespace Coffer.Core.Replication;

/// <summary>DR replication's log messages in Core. None may carry a token, an activation bundle or a key.</summary>
internal static partial class DrLog
{
    [LoggerMessage(100, LogLevel.Information, "replication: DR primary enabled, replication set {ClusterId}, secondaries connect to {Address}")]
    public static partial void PrimaryEnabled(ILogger logger, string clusterId, string address);

    [LoggerMessage(101, LogLevel.Information, "replication: DR primary disabled")]
    public static partial void PrimaryDisabled(ILogger logger);

    [LoggerMessage(102, LogLevel.Warning, "replication: DR primary demoted; this cluster is now a read-only DR secondary following no primary")]
    public static partial void Demoted(ILogger logger);

    [LoggerMessage(103, LogLevel.Information, "replication: activation credentials issued for DR secondary {SecondaryId}")]
    public static partial void SecondaryTokenIssued(ILogger logger, string secondaryId);

    [LoggerMessage(104, LogLevel.Information, "replication: DR secondary {SecondaryId} revoked")]
    public static partial void SecondaryRevoked(ILogger logger, string secondaryId);

    [LoggerMessage(105, LogLevel.Error, "replication: the DR primary could not start serving secondaries")]
    public static partial void PrimaryStartFailed(ILogger logger, Exception exception);

    [LoggerMessage(106, LogLevel.Warning, "replication: enabled as DR secondary {SecondaryId} of replication set {ClusterId}; local data wiped, sealed until unsealed with the primary's keys")]
    public static partial void SecondaryEnabled(ILogger logger, string secondaryId, string clusterId);

    [LoggerMessage(107, LogLevel.Information, "replication: DR secondary {SecondaryId} resumes following {Address}")]
    public static partial void SecondaryResumed(ILogger logger, string secondaryId, string address);

    [LoggerMessage(108, LogLevel.Warning, "replication: DR secondary disabled; this cluster now serves its replicated data on its own")]
    public static partial void SecondaryDisabled(ILogger logger);

    [LoggerMessage(109, LogLevel.Information, "replication: DR secondary now follows {Address} as {SecondaryId}")]
    public static partial void PrimaryUpdated(ILogger logger, string secondaryId, string address);

    [LoggerMessage(110, LogLevel.Information, "replication: DR secondary follows no primary")]
    public static partial void PrimaryCleared(ILogger logger);

    [LoggerMessage(111, LogLevel.Warning, "replication: the replicated keyring no longer opens with the root key in memory (the primary's root key changed); sealing")]
    public static partial void KeyringUnreadable(ILogger logger);

    [LoggerMessage(112, LogLevel.Error, "replication: refreshing Core after an applied batch failed")]
    public static partial void RefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(113, LogLevel.Warning, "replication: DR secondary promoted; this cluster is now the DR primary of replication set {ClusterId}, secondaries connect to {Address} (forced: {Forced})")]
    public static partial void Promoted(ILogger logger, string clusterId, string address, bool forced);

    [LoggerMessage(120, LogLevel.Warning, "replication: this cluster became a DR secondary on another node; sealing, since its keyring is being replaced by the primary's (unseal with the primary's keys)")]
    public static partial void SealedForActivation(ILogger logger);

    [LoggerMessage(121, LogLevel.Error, "replication: following the DR mode of the integrated storage cluster failed; retrying")]
    public static partial void WatchFailed(ILogger logger, Exception exception);

    [LoggerMessage(122, LogLevel.Information, "replication: this node now runs the DR secondary's replicator (it leads the cluster)")]
    public static partial void ReplicatorTakenOver(ILogger logger);

    [LoggerMessage(116, LogLevel.Warning, "replication: a DR operation token was generated on this DR secondary from a threshold of key shares")]
    public static partial void OperationTokenGenerated(ILogger logger);

    [LoggerMessage(117, LogLevel.Information, "replication: the generated DR operation token authorised {Path} and is now consumed")]
    public static partial void OperationTokenConsumed(ILogger logger, string path);

    [LoggerMessage(118, LogLevel.Information, "replication: the generated DR operation token of this cluster was discarded")]
    public static partial void OperationTokenDiscarded(ILogger logger);

    [LoggerMessage(124, LogLevel.Warning, "replication: this node is unsealed with a root key that no longer opens the stored keyring (the cluster became a DR secondary while it unsealed, or the primary's root key changed); sealing")]
    public static partial void SealedForReplacedKeyring(ILogger logger);

    [LoggerMessage(123, LogLevel.Information, "replication: this node stopped running the DR secondary's replicator (leads: {IsLeader}, follows a primary: {Follows})")]
    public static partial void ReplicatorHandedOver(ILogger logger, bool isLeader, bool follows);
}
