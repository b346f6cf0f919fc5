namespace Coffer.Server.Cluster;

/// <summary>Log messages of integrated storage in the server. None carries a key, token or secret value.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(101, LogLevel.Information, "raft: bootstrapped a new cluster; node {NodeId} at {ClusterAddress}")]
    public static partial void Bootstrapped(ILogger logger, string nodeId, string clusterAddress);

    [LoggerMessage(102, LogLevel.Information, "raft: node {NodeId} received a join challenge from {Leader}; unseal this node with the cluster's key shares to complete the join")]
    public static partial void ChallengeReceived(ILogger logger, string nodeId, string leader);

    [LoggerMessage(103, LogLevel.Information, "raft: node {NodeId} joined the cluster through {Leader}")]
    public static partial void Joined(ILogger logger, string nodeId, string leader);

    [LoggerMessage(104, LogLevel.Warning, "raft: joining through {Leader} failed: {Reason}")]
    public static partial void JoinAttemptFailed(ILogger logger, string leader, string reason);

    [LoggerMessage(105, LogLevel.Information, "raft: added peer {NodeId} at {ClusterAddress}")]
    public static partial void PeerAdded(ILogger logger, string nodeId, string clusterAddress);

    [LoggerMessage(106, LogLevel.Information, "raft: removed peer {NodeId}")]
    public static partial void PeerRemoved(ILogger logger, string nodeId);

    [LoggerMessage(107, LogLevel.Information, "raft: autopilot removed dead server {NodeId}")]
    public static partial void DeadServerRemoved(ILogger logger, string nodeId);

    [LoggerMessage(108, LogLevel.Warning, "raft: autopilot could not remove dead server {NodeId}")]
    public static partial void DeadServerRemovalFailed(ILogger logger, string nodeId, Exception exception);

    [LoggerMessage(109, LogLevel.Debug, "raft: heartbeat to the active node failed: {Reason}")]
    public static partial void HeartbeatFailed(ILogger logger, string reason);

    [LoggerMessage(110, LogLevel.Warning, "raft: forwarding {Method} request to the active node at {Target} failed: {Reason}")]
    public static partial void ForwardingFailed(ILogger logger, string method, string target, string reason);
}
