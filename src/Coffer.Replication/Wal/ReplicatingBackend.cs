using Coffer.Sdk.Physical;

namespace Coffer.Replication.Wal;

/// <summary>
/// The primary's physical backend as Core sees it: every committed mutation outside the reserved prefix is
/// applied to <see cref="Inner"/> and appended to <see cref="Log"/> in one atomic inner commit, so storage can
/// never hold data without its log entry, or a log entry without its data.
/// </summary>
public sealed class ReplicatingBackend : IPhysicalBackend
{
    // One logged commit at a time: indexes are assigned in commit order and the log's view never lags storage.
    private readonly SemaphoreSlim _commitGate = new(1, 1);

    private ReplicatingBackend(IPhysicalBackend inner, ReplicationLog log)
    {
        Inner = inner;
        Log = log;
    }

    public IPhysicalBackend Inner { get; }

    public ReplicationLog Log { get; }

    public string Name => Inner.Name;

    /// <summary>Opens (or creates) the log stored in <paramref name="inner"/> and wraps it.</summary>
    public static async Task<ReplicatingBackend> OpenAsync(
        IPhysicalBackend inner,
        ReplicationLogOptions? options = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var log = await ReplicationLog.OpenAsync(inner, options ?? new ReplicationLogOptions(), timeProvider ?? TimeProvider.System, cancellationToken)
            .ConfigureAwait(false);
        return new ReplicatingBackend(inner, log);
    }

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        Inner.ListAsync(prefix, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Key, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Value, nameof(entry));
        return CommitAsync([PhysicalOperation.Put(entry.Key, entry.Value)], cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return CommitAsync([PhysicalOperation.Delete(key)], cancellationToken);
    }

    public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var replicated = new List<PhysicalOperation>(operations.Count);
        foreach (var operation in operations)
        {
            if (operation is null)
            {
                throw new ArgumentException("A transaction contains a null operation.", nameof(operations));
            }

            ArgumentNullException.ThrowIfNull(operation.Key, nameof(operations));
            if (!ReplicationKeys.IsReserved(operation.Key))
            {
                // The log keeps its own copy: the caller may reuse its arrays after we return.
                replicated.Add(new PhysicalOperation(operation.Key, operation.Value?.ToArray()));
            }
        }

        if (replicated.Count == 0)
        {
            await Inner.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _commitGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Log.NeedsReload)
            {
                await Log.ReloadAsync(cancellationToken).ConfigureAwait(false);
            }

            var pending = Log.Prepare(replicated);
            var all = new List<PhysicalOperation>(operations.Count + pending.Operations.Count);
            all.AddRange(operations);
            all.AddRange(pending.Operations);
            try
            {
                await Inner.CommitAsync(all, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The commit may or may not have reached storage; only storage can say which.
                Log.MarkNeedsReload();
                throw;
            }

            Log.Complete(pending);
        }
        finally
        {
            _commitGate.Release();
        }
    }
}
