using Coffer.Raft.Commands;
using Coffer.Raft.StateMachine;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;

namespace Coffer.Raft;

/// <summary>The <see cref="IPhysicalBackend"/> operations: writes replicate a command, reads follow a read barrier.</summary>
public sealed partial class RaftBackend
{
    public async Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);

        // A copy: the caller owns the returned array, the stored one is shared by every state version.
        return state.Entries.TryGetValue(key, out var value) ? new PhysicalEntry(key, value.ToArray()) : null;
    }

    /// <summary>
    /// The value this node has applied for <paramref name="key"/>, without a read barrier: possibly behind the leader.
    /// For the few values a sealed node must show while the cluster has no leader (its seal configuration).
    /// </summary>
    public PhysicalEntry? GetApplied(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var (_, stateMachine, _) = Running();
        return stateMachine.Current.Entries.TryGetValue(key, out var value) ? new PhysicalEntry(key, value.ToArray()) : null;
    }

    public async Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        return KeyListing.Children(state.Entries.FirstKeyFrom, prefix);
    }

    public async Task<IReadOnlyList<string>> ScanKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        return KeyScan.Filter(state.Entries.KeysFrom(prefix), prefix);
    }

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Key, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Value, nameof(entry));
        return ReplicateAsync(StorageCommand.Put(entry.Key, entry.Value), cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return ReplicateAsync(StorageCommand.Delete(key), cancellationToken);
    }

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return operations.Count == 0 ? Task.CompletedTask : ReplicateAsync(StorageCommand.Batch(operations), cancellationToken);
    }

    private async Task<StateMachine.KeyValueState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var (cluster, stateMachine, _) = Running();
        if (cluster.Leader is null)
        {
            throw NoLeader();
        }

        // A barrier waits for the leader's commit index; bound it so a partitioned node answers instead of hanging.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(2 * _timings.RequestTimeout);
        try
        {
            await cluster.ApplyReadBarrierAsync(BarrierFor(cluster), bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is QuorumUnreachableException or NotLeaderException or OperationCanceledException
                                      or TimeoutException or MemberUnavailableException)
        {
            throw NoLeader();
        }

        return stateMachine.Current;
    }

    /// <summary>
    /// A strong barrier confirms this node's leadership with a replication round (or, on a follower, asks the leader
    /// for its commit index). A leader holding a lease already knows no other leader can exist, so the weak barrier
    /// (an entry of its own term committed) is enough: every write it acknowledged was applied here before the ack.
    /// </summary>
    private ReadBarrierType BarrierFor(RaftCluster cluster) =>
        _options.LeaderLeaseReads && cluster.TryGetLeaseToken(out var lease) && !lease.IsCancellationRequested
            ? ReadBarrierType.Weak
            : ReadBarrierType.Strong;

    /// <summary>Appends the command on the leader and returns once a majority stored it and this node applied it.</summary>
    /// <remarks>Storage writes go through <see cref="_writes"/>, which carries concurrent ones in one entry.</remarks>
    private Task ReplicateAsync(StorageCommand command, CancellationToken cancellationToken)
    {
        var (cluster, _, _) = Running();
        var size = command.EncodedSize();
        if (size > _options.MaxEntrySize)
        {
            throw new CofferException(
                ErrorKind.RequestTooLarge,
                $"put failed due to value being too large; got {size} bytes, max: {_options.MaxEntrySize} bytes");
        }

        if (cluster.LeadershipToken.IsCancellationRequested)
        {
            throw NotActive();
        }

        return command.Kind is StorageCommandKind.Put or StorageCommandKind.Delete or StorageCommandKind.Batch
            ? _writes.WriteAsync(command, size, cancellationToken)
            : ReplicateEntryAsync(command.Encode(), command, cancellationToken);
    }

    /// <summary>
    /// Replicates one log entry; engine exceptions become the HTTP layer's retryable errors. The wait ends when the
    /// entry is applied here, the caller cancels, or this node stops leading.
    /// </summary>
    /// <remarks>
    /// The entry carries <paramref name="command"/> for this node's own apply, with the term it is appended in (read
    /// before appending: if the node leads a later term by the time the entry is appended, the context never matches,
    /// and the entry is decoded).
    /// </remarks>
    private async Task ReplicateEntryAsync(ReadOnlyMemory<byte> payload, StorageCommand command, CancellationToken cancellationToken)
    {
        var (cluster, _, _) = Running();
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cluster.LeadershipToken);
        try
        {
            var context = new AppendedCommand(command, cluster.Term, payload.Length);
            await cluster.ReplicateAsync(payload, context, leading.Token).ConfigureAwait(false);
        }
        catch (NotLeaderException)
        {
            throw NotActive();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is OperationCanceledException or QuorumUnreachableException)
        {
            // Leadership moved while the entry was in flight: it may still commit under the new leader.
            throw new CofferException(ErrorKind.Unavailable, "leadership changed before the write was confirmed; its outcome is unknown");
        }
    }

    private static CofferException NotActive() => new(ErrorKind.Standby, "node is not the active node");

    private static CofferException NoLeader() => new(ErrorKind.Unavailable, "integrated storage has no reachable leader; retry later");
}
