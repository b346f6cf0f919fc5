namespace Coffer.Sdk.Logical;

/// <summary>
/// Plaintext storage a backend is given: the barrier, or a view of it under the mount's prefix.
/// Same contract as the physical layer (see <see cref="Physical.IPhysicalBackend"/>).
/// </summary>
public interface IStorage
{
    Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Reads the entry and returns what <paramref name="parse"/> makes of its value, or default when it is absent. For
    /// callers that only parse the value: the barrier then decrypts into a pooled buffer, wiped once parsed, instead of
    /// an array the caller would own. Storage that does not override this parses what <see cref="GetAsync"/> returns.
    /// </summary>
    async Task<T?> ReadAsync<T>(string key, StorageValueParser<T> parse, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var entry = await GetAsync(key, cancellationToken).ConfigureAwait(false);
        return entry is null ? default : parse(entry.Value);
    }

    Task PutAsync(StorageEntry entry, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Applies all operations atomically (one physical transaction, one Raft log entry).</summary>
    Task CommitAsync(IReadOnlyList<StorageOperation> operations, CancellationToken cancellationToken = default);
}
