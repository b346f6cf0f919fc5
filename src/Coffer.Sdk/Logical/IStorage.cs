namespace Coffer.Sdk.Logical;

/// <summary>
/// Plaintext storage a backend is given: the barrier, or a view of it under the mount's prefix.
/// Same contract as the physical layer (see <see cref="Physical.IPhysicalBackend"/>).
/// </summary>
public interface IStorage
{
    Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    Task PutAsync(StorageEntry entry, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>Applies all operations atomically (one physical transaction, one Raft log entry).</summary>
    Task CommitAsync(IReadOnlyList<StorageOperation> operations, CancellationToken cancellationToken = default);
}
