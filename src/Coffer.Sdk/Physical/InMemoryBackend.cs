namespace Coffer.Sdk.Physical;

/// <summary>
/// Volatile storage for dev mode and tests. A sorted map under one lock: simple, and fast enough
/// that the HTTP layer, not storage, bounds dev-server throughput.
/// </summary>
public sealed class InMemoryBackend : IPhysicalBackend
{
    private readonly SortedDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string Name => "inmem";

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_entries.TryGetValue(key, out var value) ? new PhysicalEntry(key, value) : null);
        }
    }

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var copy = entry.Value.ToArray();
        lock (_lock)
        {
            _entries[entry.Key] = copy;
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            _entries.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(KeyListing.Children(_entries.Keys, prefix));
        }
    }

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        lock (_lock)
        {
            foreach (var operation in operations)
            {
                if (operation.Value is null)
                {
                    _entries.Remove(operation.Key);
                }
                else
                {
                    _entries[operation.Key] = operation.Value.ToArray();
                }
            }
        }

        return Task.CompletedTask;
    }
}
