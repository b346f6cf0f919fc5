using Microsoft.Extensions.Logging;

namespace Coffer.Raft;

/// <summary>
/// The project's log messages. Defined with <see cref="LoggerMessage.Define"/> because the logging source generator
/// is not available here (the abstractions package only comes in transitively, without its analyzers). Keys and
/// values never appear in these messages.
/// </summary>
internal static class Log
{
    private static readonly Action<ILogger, string, string, bool, Exception?> StartedMessage =
        LoggerMessage.Define<string, string, bool>(LogLevel.Information, new EventId(1, "RaftStarted"),
            "Raft node {NodeId} started on {ClusterAddress} (bootstrapping a new cluster: {Bootstrap})");

    private static readonly Action<ILogger, string, Exception?> StoppedMessage =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(2, "RaftStopped"), "Raft node {NodeId} stopped");

    private static readonly Action<ILogger, string, string?, long, Exception?> LeaderChangedMessage =
        LoggerMessage.Define<string, string?, long>(LogLevel.Information, new EventId(3, "RaftLeaderChanged"),
            "Raft node {NodeId} sees leader {LeaderAddress} in term {Term}");

    private static readonly Action<ILogger, string, Exception?> RegistrationFailedMessage =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(4, "RaftRegistrationFailed"),
            "Raft node {NodeId} could not record its cluster address in the replicated membership; it retries on its next leadership");

    private static readonly Action<ILogger, string, string, int, Exception?> MemberWarmupMessage =
        LoggerMessage.Define<string, string, int>(LogLevel.Information, new EventId(5, "RaftMemberWarmup"),
            "Raft node {NodeId} at {Address} is still catching up (attempt {Attempt})");

    private static readonly Action<ILogger, long, Exception?> SnapshotRestoredMessage =
        LoggerMessage.Define<long>(LogLevel.Information, new EventId(6, "RaftSnapshotRestored"),
            "Raft snapshot restore committed (restore generation {Generation})");

    private static readonly Action<ILogger, string, Exception?> RestoreAbortFailedMessage =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(7, "RaftRestoreAbortFailed"),
            "A failed snapshot restore could not discard its staged entries ({Reason}); the next restore replaces them");

    public static void SnapshotRestored(ILogger logger, long generation) => SnapshotRestoredMessage(logger, generation, null);

    public static void RestoreAbortFailed(ILogger logger, string reason) => RestoreAbortFailedMessage(logger, reason, null);

    public static void Started(ILogger logger, string nodeId, string clusterAddress, bool bootstrap) =>
        StartedMessage(logger, nodeId, clusterAddress, bootstrap, null);

    public static void Stopped(ILogger logger, string nodeId) => StoppedMessage(logger, nodeId, null);

    public static void LeaderChanged(ILogger logger, string nodeId, string? leaderAddress, long term) =>
        LeaderChangedMessage(logger, nodeId, leaderAddress, term, null);

    public static void RegistrationFailed(ILogger logger, string nodeId, Exception exception) =>
        RegistrationFailedMessage(logger, nodeId, exception);

    public static void MemberWarmup(ILogger logger, string nodeId, string address, int attempt) =>
        MemberWarmupMessage(logger, nodeId, address, attempt, null);
}
