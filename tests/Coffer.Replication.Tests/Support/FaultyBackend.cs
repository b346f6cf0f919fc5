using Coffer.Sdk.Physical;

namespace Coffer.Replication.Tests.Support;

/// <summary>Where an injected commit failure strikes relative to the inner commit.</summary>
internal enum CommitFault
{
    None,

    /// <summary>The commit throws and nothing reaches storage.</summary>
    BeforeApply,

    /// <summary>The commit reaches storage, then throws (a lost acknowledgement).</summary>
    AfterApply,
}

/// <summary>An in-memory backend whose next commit can be made to fail, before or after it applies.</summary>
internal sealed class FaultyBackend : IPhysicalBackend
{
    private readonly InMemoryBackend _inner = new();

    public CommitFault NextCommitFault { get; set; }

    public string Name => "faulty";

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Put(entry.Key, entry.Value)], cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Delete(key)], cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        var fault = NextCommitFault;
        NextCommitFault = CommitFault.None;
        if (fault == CommitFault.BeforeApply)
        {
            throw new IOException("injected failure before the commit applied");
        }

        await _inner.CommitAsync(operations, cancellationToken);
        if (fault == CommitFault.AfterApply)
        {
            throw new IOException("injected failure after the commit applied");
        }
    }
}
