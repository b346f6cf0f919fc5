using Coffer.Sdk.Physical;

namespace Coffer.Replication.Tests.Support;

/// <summary>An in-memory backend that keeps every commit it applied, in order, for history assertions.</summary>
internal sealed class RecordingBackend : IPhysicalBackend
{
    private readonly InMemoryBackend _inner = new();
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<PhysicalOperation>> _commits = [];

    public string Name => "recording";

    public IReadOnlyList<IReadOnlyList<PhysicalOperation>> Commits
    {
        get { lock (_lock) { return [.. _commits]; } }
    }

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Put(entry.Key, entry.Value)], cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Delete(key)], cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        var copy = operations.Select(o => new PhysicalOperation(o.Key, o.Value?.ToArray())).ToList();
        await _inner.CommitAsync(operations, cancellationToken);
        lock (_lock)
        {
            _commits.Add(copy);
        }
    }
}
