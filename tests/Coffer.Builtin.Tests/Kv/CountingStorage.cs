using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>Storage that records how it was read and written to, to check that a change is one transaction.</summary>
internal sealed class CountingStorage(IStorage inner) : IStorage
{
    /// <summary>Every key read, in order.</summary>
    public List<string> Gets { get; } = [];

    public int Puts { get; private set; }

    public int Deletes { get; private set; }

    /// <summary>Every committed transaction, in order.</summary>
    public List<IReadOnlyList<StorageOperation>> Commits { get; } = [];

    public void Reset()
    {
        Puts = 0;
        Deletes = 0;
        Gets.Clear();
        Commits.Clear();
    }

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        Gets.Add(key);
        return inner.GetAsync(key, cancellationToken);
    }

    public Task PutAsync(StorageEntry entry, CancellationToken cancellationToken = default)
    {
        Puts++;
        return inner.PutAsync(entry, cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        Deletes++;
        return inner.DeleteAsync(key, cancellationToken);
    }

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task CommitAsync(IReadOnlyList<StorageOperation> operations, CancellationToken cancellationToken = default)
    {
        Commits.Add(operations.ToList());
        return inner.CommitAsync(operations, cancellationToken);
    }
}
