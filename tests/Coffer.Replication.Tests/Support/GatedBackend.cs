using Coffer.Sdk.Physical;

namespace Coffer.Replication.Tests.Support;

/// <summary>
/// An in-memory backend that records every commit as it arrives, can hold the next commit until released (so
/// other writers queue behind it), and can make its next commit fail before or after it applies.
/// </summary>
internal sealed class GatedBackend : IPhysicalBackend
{
    private readonly InMemoryBackend _inner = new();
    private readonly Lock _lock = new();
    private readonly List<IReadOnlyList<PhysicalOperation>> _commits = [];
    private TaskCompletionSource? _holdNext;
    private TaskCompletionSource? _release;
    private CommitFault _nextFault;

    public string Name => "gated";

    /// <summary>Every commit that reached this backend, in arrival order (including failed ones).</summary>
    public IReadOnlyList<IReadOnlyList<PhysicalOperation>> Commits
    {
        get { lock (_lock) { return [.. _commits]; } }
    }

    public CommitFault NextCommitFault
    {
        set { lock (_lock) { _nextFault = value; } }
    }

    /// <summary>The next commit waits for <see cref="Release"/>; the returned task completes once it has arrived.</summary>
    public Task HoldNextCommit()
    {
        lock (_lock)
        {
            _holdNext = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _holdNext.Task;
        }
    }

    public void Release()
    {
        lock (_lock)
        {
            _release?.TrySetResult();
        }
    }

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) => _inner.GetAsync(key, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Put(entry.Key, entry.Value)], cancellationToken);

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => CommitAsync([PhysicalOperation.Delete(key)], cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

    public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        TaskCompletionSource? arrived;
        Task? release = null;
        CommitFault fault;
        lock (_lock)
        {
            _commits.Add(operations.Select(o => new PhysicalOperation(o.Key, o.Value?.ToArray())).ToList());
            fault = _nextFault;
            _nextFault = CommitFault.None;
            arrived = _holdNext;
            _holdNext = null;
            if (arrived is not null)
            {
                release = _release!.Task;
            }
        }

        if (release is not null)
        {
            arrived!.TrySetResult();
            await release;
        }

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
