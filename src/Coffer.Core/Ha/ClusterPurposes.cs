namespace Coffer.Core.Ha;

/// <summary>
/// Associated data for blobs the barrier seals outside storage during the join handshake and for heartbeats: each
/// blob is bound to its purpose and node, and the prefix cannot be a storage path.
/// </summary>
public static class ClusterPurposes
{
    public static string JoinChallenge(string nodeId) => "coffer:raft-join-challenge:" + nodeId;

    public static string JoinCredentials(string nodeId) => "coffer:raft-join-credentials:" + nodeId;

    public static string Heartbeat(string nodeId) => "coffer:raft-heartbeat:" + nodeId;
}
