using Coffer.Sdk.Physical;

namespace Coffer.Core.Tests.Barrier;

/// <summary>An in-memory backend that remembers each transaction it was handed.</summary>
internal sealed class RecordingBackend : IPhysicalBackend
{
    private readonly InMemoryBackend _inner = new();

    public List<IReadOnlyList<PhysicalOperation>> Commits { get; } = [];

    public string Name => _inner.Name;

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => _inner.PutAsync(entry, cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => _inner.DeleteAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        Commits.Add(operations);
        return _inner.CommitAsync(operations, cancellationToken);
    }
}
