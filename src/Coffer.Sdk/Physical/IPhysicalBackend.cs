namespace Coffer.Sdk.Physical;

/// <summary>
/// Untrusted durable storage. Keys are '/'-separated paths; values are opaque bytes.
/// Every backend passes the conformance suite in <c>Coffer.Testing</c>.
/// </summary>
public interface IPhysicalBackend
{
    /// <summary>The name operators see in <c>storage_type</c> (e.g. <c>inmem</c>, <c>file</c>, <c>raft</c>).</summary>
    string Name { get; }

    /// <summary>The entry, or null when absent. The caller owns the returned array and may change it.</summary>
    Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Like <see cref="GetAsync"/>, for a caller that only reads the value and never changes it (the barrier, which
    /// decrypts it into a new array): a backend that keeps values in memory may return its own array rather than a
    /// copy. Backends and wrappers that do not override this answer with <see cref="GetAsync"/>.
    /// </summary>
    Task<PhysicalEntry?> GetForReadingAsync(string key, CancellationToken cancellationToken = default) => GetAsync(key, cancellationToken);

    Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Deletes the key; deleting a missing key is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Lists the direct children of <paramref name="prefix"/>: keys below it with the prefix removed,
    /// cut after the first '/' (a "folder" keeps its trailing '/'), de-duplicated, sorted ordinally.
    /// </summary>
    Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies all operations atomically, in order: after a crash either all or none are visible.
    /// </summary>
    Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default);
}
