using Coffer.Raft;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;

namespace Coffer.Server.Cluster;

/// <summary>
/// The physical backend of a <see cref="RaftNode"/>. Once the node is a member it is the replicated store. Before, a
/// new node has no storage (nothing is initialised, writes are refused until <c>sys/init</c> or a join), and a node
/// waiting to complete a join shows the cluster's seal configuration and sealed keyring from the leader's challenge,
/// so that the ordinary unseal path rebuilds the root key from the cluster's shares.
/// </summary>
internal sealed class RaftNodeStorage(RaftNode node) : IPhysicalBackend, IKeyScan
{
    private const string SealConfigKey = "core/seal-config";
    private const string KeyringKey = "core/keyring";

    public string Name => "raft";

    public async Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (node.Member is { } member)
        {
            try
            {
                return await Guard(member.GetAsync(key, cancellationToken)).ConfigureAwait(false);
            }
            catch (CofferException e) when (e.Kind == ErrorKind.Unavailable && key is SealConfigKey or KeyringKey)
            {
                // While the cluster elects a leader (every node restarting) a sealed node still shows its seal status.
                return member.GetApplied(key);
            }
        }

        return node.Pending switch
        {
            { } pending when key == SealConfigKey => new PhysicalEntry(key, pending.SealConfig.ToArray()),
            { } pending when key == KeyringKey => new PhysicalEntry(key, pending.Keyring.ToArray()),
            _ => null,
        };
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        node.Member is { } member ? await Guard(member.ListAsync(prefix, cancellationToken)).ConfigureAwait(false) : [];

    public async Task<IReadOnlyList<string>> ScanKeysAsync(string prefix, CancellationToken cancellationToken = default) =>
        node.Member is { } member ? await Guard(member.ScanKeysAsync(prefix, cancellationToken)).ConfigureAwait(false) : [];

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) =>
        Guard(RequireMember().PutAsync(entry, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        Guard(RequireMember().DeleteAsync(key, cancellationToken));

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default) =>
        Guard(RequireMember().CommitAsync(operations, cancellationToken));

    private RaftBackend RequireMember() => node.Member ?? throw new CofferException(
        ErrorKind.Unavailable,
        "integrated storage is not set up on this node yet: initialize it (operator init) or join it to a cluster (operator raft join)");

    /// <summary>A write refused because this node stopped leading is a retryable failure, never a wrong answer.</summary>
    private static async Task Guard(Task operation)
    {
        try
        {
            await operation.ConfigureAwait(false);
        }
        catch (CofferException e) when (e.Kind == ErrorKind.Standby)
        {
            throw RaftNode.LostLeadership();
        }
    }

    private static async Task<T> Guard<T>(Task<T> operation)
    {
        try
        {
            return await operation.ConfigureAwait(false);
        }
        catch (CofferException e) when (e.Kind == ErrorKind.Standby)
        {
            throw RaftNode.LostLeadership();
        }
    }
}
