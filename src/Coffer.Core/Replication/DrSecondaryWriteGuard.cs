using Coffer.Core.Storage;
using Coffer.Sdk.Physical;

namespace Coffer.Core.Replication;

/// <summary>
/// Core's physical backend on a cluster that may become a DR secondary: while <paramref name="isReadOnly"/> says so,
/// every write outside the cluster-local <c>replication/</c> prefix is refused. The secondary's data belongs to its
/// primary (the replicator writes it below this guard); a stray write from Core would make the copies diverge.
/// </summary>
internal sealed class DrSecondaryWriteGuard(IPhysicalBackend inner, Func<bool> isReadOnly) : IPhysicalBackend
{
    public string Name => inner.Name;

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<PhysicalEntry?> GetForReadingAsync(string key, CancellationToken cancellationToken = default) => inner.GetForReadingAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Check(entry.Key);
        return inner.PutAsync(entry, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Check(key);
        return inner.DeleteAsync(key, cancellationToken);
    }

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        foreach (var operation in operations)
        {
            Check(operation.Key);
        }

        return inner.CommitAsync(operations, cancellationToken);
    }

    private void Check(string key)
    {
        if (isReadOnly() && !key.StartsWith(CorePaths.ReplicationReserved, StringComparison.Ordinal))
        {
            throw DrErrors.PathDisabled();
        }
    }
}
