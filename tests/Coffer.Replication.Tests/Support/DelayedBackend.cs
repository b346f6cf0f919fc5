using Coffer.Sdk.Physical;

namespace Coffer.Replication.Tests.Support;

/// <summary>Storage whose every commit takes at least <paramref name="delay"/>: a slow secondary disk.</summary>
internal sealed class DelayedBackend(IPhysicalBackend inner, TimeSpan delay) : IPhysicalBackend
{
    public string Name => inner.Name;

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Put(entry.Key, entry.Value)], cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Delete(key)], cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delay, cancellationToken);
        await inner.CommitAsync(operations, cancellationToken);
    }
}
