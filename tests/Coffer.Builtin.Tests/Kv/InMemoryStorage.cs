using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>Plaintext storage over the Sdk's in-memory physical backend, standing in for the barrier.</summary>
internal sealed class InMemoryStorage : IStorage
{
    private readonly InMemoryBackend _backend = new();

    public async Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        await _backend.GetAsync(key, cancellationToken) is { } entry ? new StorageEntry(entry.Key, entry.Value) : null;

    public Task PutAsync(StorageEntry entry, CancellationToken cancellationToken = default) =>
        _backend.PutAsync(new PhysicalEntry(entry.Key, entry.Value), cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => _backend.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        _backend.ListAsync(prefix, cancellationToken);

    public Task CommitAsync(IReadOnlyList<StorageOperation> operations, CancellationToken cancellationToken = default) =>
        _backend.CommitAsync(operations.Select(o => new PhysicalOperation(o.Key, o.Value)).ToList(), cancellationToken);
}
