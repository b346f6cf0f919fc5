using Coffer.Replication;
using Coffer.Sdk.Physical;

namespace Coffer.Server.Replication;

/// <summary>
/// The secondary replicator's storage: the raw backend, telling Core after each commit which replicated keys changed,
/// so Core can drop caches and re-read what it keeps in memory. The notice follows the commit; a failure in it is
/// Core's to log, never the replicator's to retry.
/// </summary>
internal sealed class AppliedKeysBackend(IPhysicalBackend inner, Func<IReadOnlyCollection<string>, CancellationToken, Task> applied) : IPhysicalBackend, IKeyScan
{
    public string Name => inner.Name;

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<IReadOnlyList<string>> ScanKeysAsync(string prefix, CancellationToken cancellationToken = default) =>
        KeyScan.ScanAsync(inner, prefix, cancellationToken);

    public async Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await inner.PutAsync(entry, cancellationToken).ConfigureAwait(false);
        await NotifyAsync([entry.Key]).ConfigureAwait(false);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        await inner.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        await NotifyAsync([key]).ConfigureAwait(false);
    }

    public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        await inner.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
        await NotifyAsync(operations.Select(o => o.Key)).ConfigureAwait(false);
    }

    private Task NotifyAsync(IEnumerable<string> keys)
    {
        var replicated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            if (!ReplicationKeys.IsReserved(key))
            {
                replicated.Add(key);
            }
        }

        // A commit that only moved the applied position changed nothing Core reads.
        return replicated.Count == 0 ? Task.CompletedTask : applied(replicated, CancellationToken.None);
    }
}
