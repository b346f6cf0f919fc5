namespace Coffer.Sdk.Physical;

/// <summary>
/// Volatile storage for dev mode and tests. A sorted map under one lock: simple, and fast enough
/// that the HTTP layer, not storage, bounds dev-server throughput.
/// </summary>
public sealed class InMemoryBackend : IPhysicalBackend, IKeyScan
{
    private readonly SortedDictionary<string, byte[]> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public string Name => "inmem";

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            // A copy: the caller owns the returned array and may mutate it without touching storage.
            return Task.FromResult(_entries.TryGetValue(key, out var value) ? new PhysicalEntry(key, value.ToArray()) : null);
        }
    }

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Key, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Value, nameof(entry));
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

    public Task<IReadOnlyList<string>> ScanKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(KeyScan.Filter(_entries.Keys, prefix));
        }
    }

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);

        // Validate and copy everything before taking the lock, so a bad operation cannot leave
        // the transaction half applied.
        var copies = new (string Key, byte[]? Value)[operations.Count];
        for (var i = 0; i < operations.Count; i++)
        {
            var operation = operations[i] ?? throw new ArgumentException("A transaction contains a null operation.", nameof(operations));
            ArgumentNullException.ThrowIfNull(operation.Key, nameof(operations));
            copies[i] = (operation.Key, operation.Value?.ToArray());
        }

        lock (_lock)
        {
            foreach (var (key, value) in copies)
            {
                if (value is null)
                {
                    _entries.Remove(key);
                }
                else
                {
                    _entries[key] = value;
                }
            }
        }

        return Task.CompletedTask;
    }
}
