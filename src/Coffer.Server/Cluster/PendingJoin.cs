namespace Coffer.Server.Cluster;

/// <summary>
/// A join handshake waiting for the operator to unseal this node: the leader's challenge and this node's Raft
/// credentials (both sealed with the cluster's barrier keyring), the keyring sealed with the root key, and the seal
/// configuration. Until the handshake completes, the node's storage answers with the keyring and seal configuration
/// so that the ordinary unseal path can rebuild the root key from the shares.
/// </summary>
internal sealed record PendingJoin(JoinTarget Target, byte[] Challenge, byte[] Credentials, byte[] Keyring, byte[] SealConfig);
