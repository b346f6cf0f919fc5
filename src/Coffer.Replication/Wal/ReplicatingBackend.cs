using System.Text;
using Coffer.Sdk.Physical;

namespace Coffer.Replication.Wal;

/// <summary>
/// The primary's physical backend as Core sees it: every committed mutation outside the reserved prefix is
/// applied to <see cref="Inner"/> and appended to <see cref="Log"/> in one atomic inner commit, so storage can
/// never hold data without its log entry, or a log entry without its data.
/// </summary>
/// <remarks>
/// <para>
/// Group commit. Logged commits go through one flusher at a time, so indexes follow commit order and the log's view
/// never lags storage. Transactions that arrive while an inner commit is in flight queue up, and the next inner
/// commit carries all of them (up to a size bound): their data operations in arrival order, then one log entry
/// each (consecutive indexes, same order), the trims and one meta record. Concurrent writers thus share one storage
/// round instead of waiting for one each; a transaction that finds nothing in flight goes out at once, and while
/// others wait the next group is cut only after the work already queued on the node has run
/// (<see cref="QueuedWork.LetRunAsync"/>). Applying the group in order leaves the same state as committing each
/// transaction alone in that order (every inner backend applies a commit's operations in list order), and each
/// transaction stays atomic. If the inner commit fails, every transaction of the group fails alike (none was
/// acknowledged) and the log reloads before the next group.
/// </para>
/// <para>
/// Cancellation: a caller that cancels while its transaction is still queued withdraws it (it never reaches storage)
/// and gets an <see cref="OperationCanceledException"/>. Once the flusher took it, the transaction commits or fails
/// with its group and the caller waits for that outcome, as it would for any storage write already under way; the
/// inner commit itself runs without a caller's token, since it carries other callers' transactions too.
/// </para>
/// </remarks>
public sealed class ReplicatingBackend : IPhysicalBackend
{
    /// <summary>
    /// The most a group may weigh (<see cref="QueuedTransaction.Weight"/>: data plus log entry). Raft refuses an entry
    /// above its max_entry_size (1 MiB by default); half of that leaves room for the trims and the meta record. A
    /// transaction heavier than this still commits, alone, exactly as it would without grouping.
    /// </summary>
    internal const long GroupWeightLimit = 512 * 1024;

    /// <summary>The most transactions in one group, which also bounds the trims one group can carry.</summary>
    internal const int GroupTransactionLimit = 256;

    // Per-operation allowance for encodings (lengths, tags, the log entry's framing) on top of key and value bytes.
    private const int OperationOverhead = 16;

    private readonly Lock _queueLock = new();
    private readonly Queue<QueuedTransaction> _queue = new();
    private readonly int _groupTransactionLimit;
    private bool _flushing;

    private ReplicatingBackend(IPhysicalBackend inner, ReplicationLog log, long maxEntries)
    {
        Inner = inner;
        Log = log;

        // A group's entries are never trimmed by the commit that adds them, so a group must fit the retained window.
        _groupTransactionLimit = (int)Math.Min(GroupTransactionLimit, maxEntries);
    }

    public IPhysicalBackend Inner { get; }

    public ReplicationLog Log { get; }

    public string Name => Inner.Name;

    /// <summary>Opens (or creates) the log stored in <paramref name="inner"/> and wraps it.</summary>
    public static async Task<ReplicatingBackend> OpenAsync(
        IPhysicalBackend inner,
        ReplicationLogOptions? options = null,
        TimeProvider? timeProvider = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inner);
        options ??= new ReplicationLogOptions();
        var log = await ReplicationLog.OpenAsync(inner, options, timeProvider ?? TimeProvider.System, cancellationToken)
            .ConfigureAwait(false);
        return new ReplicatingBackend(inner, log, options.MaxEntries);
    }

    public Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        Inner.GetAsync(key, cancellationToken);

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        Inner.ListAsync(prefix, cancellationToken);

    public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.Key, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.Value, nameof(entry));
        return CommitAsync([PhysicalOperation.Put(entry.Key, entry.Value)], cancellationToken);
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        return CommitAsync([PhysicalOperation.Delete(key)], cancellationToken);
    }

    public async Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var replicated = new List<PhysicalOperation>(operations.Count);
        long weight = 0;
        foreach (var operation in operations)
        {
            if (operation is null)
            {
                throw new ArgumentException("A transaction contains a null operation.", nameof(operations));
            }

            ArgumentNullException.ThrowIfNull(operation.Key, nameof(operations));
            var size = Encoding.UTF8.GetByteCount(operation.Key) + (operation.Value?.Length ?? 0) + OperationOverhead;
            weight += size;
            if (!ReplicationKeys.IsReserved(operation.Key))
            {
                // The log keeps its own copy: the caller may reuse its arrays after we return.
                replicated.Add(new PhysicalOperation(operation.Key, operation.Value?.ToArray()));
                weight += size;
            }
        }

        if (replicated.Count == 0)
        {
            await Inner.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        var queued = new QueuedTransaction(operations, replicated, weight);
        bool startFlusher;
        lock (_queueLock)
        {
            _queue.Enqueue(queued);
            startFlusher = !_flushing;
            _flushing = true;
        }

        if (startFlusher)
        {
            // Runs on this thread up to the inner commit's first wait: a lone writer's commit starts at once.
            _ = FlushAsync();
        }

        if (!cancellationToken.CanBeCanceled)
        {
            await queued.Completion.Task.ConfigureAwait(false);
            return;
        }

        using (cancellationToken.Register(() => Withdraw(queued, cancellationToken)))
        {
            await queued.Completion.Task.ConfigureAwait(false);
        }
    }

    private void Withdraw(QueuedTransaction queued, CancellationToken cancellationToken)
    {
        lock (_queueLock)
        {
            if (queued.Taken)
            {
                return;
            }

            queued.Withdrawn = true;
        }

        queued.Completion.TrySetCanceled(cancellationToken);
    }

    /// <summary>Commits queued groups one after another until the queue is empty. Never throws: outcomes go to the callers.</summary>
    private async Task FlushAsync()
    {
        var onStarterThread = true;
        while (TakeGroup() is { } group)
        {
            var commit = CommitGroupAsync(group);
            onStarterThread &= commit.IsCompleted;
            await commit.ConfigureAwait(false);
            if (!HasQueued())
            {
                continue;
            }

            if (onStarterThread)
            {
                // The inner commit finished synchronously, so this still runs on the writer that started the flusher:
                // hand the next groups to the thread pool rather than hold that writer up with others' commits.
                onStarterThread = false;
                await Task.Yield();
            }

            // Writers are waiting: let requests already under way join them before the next group is cut.
            await QueuedWork.LetRunAsync().ConfigureAwait(false);
        }
    }

    private bool HasQueued()
    {
        lock (_queueLock)
        {
            return _queue.Count > 0;
        }
    }

    /// <summary>The oldest queued transactions that fit one group, in arrival order; null (and flushing ends) when none are queued.</summary>
    private List<QueuedTransaction>? TakeGroup()
    {
        lock (_queueLock)
        {
            List<QueuedTransaction>? group = null;
            long weight = 0;
            while (_queue.TryPeek(out var next))
            {
                if (next.Withdrawn)
                {
                    _queue.Dequeue();
                    continue;
                }

                // The first transaction always goes, however heavy; a heavy one later waits to go first (alone).
                if (group is not null && (group.Count == _groupTransactionLimit || weight + next.Weight > GroupWeightLimit))
                {
                    break;
                }

                _queue.Dequeue();
                next.Taken = true;
                (group ??= []).Add(next);
                weight += next.Weight;
            }

            if (group is null)
            {
                _flushing = false;
            }

            return group;
        }
    }

    private async Task CommitGroupAsync(List<QueuedTransaction> group)
    {
        try
        {
            if (Log.NeedsReload)
            {
                await Log.ReloadAsync(CancellationToken.None).ConfigureAwait(false);
            }

            var replicated = new IReadOnlyList<PhysicalOperation>[group.Count];
            var dataCount = 0;
            for (var i = 0; i < group.Count; i++)
            {
                replicated[i] = group[i].Replicated;
                dataCount += group[i].Operations.Count;
            }

            var pending = Log.PrepareBatch(replicated);
            var all = new List<PhysicalOperation>(dataCount + pending.Operations.Count);
            foreach (var transaction in group)
            {
                all.AddRange(transaction.Operations);
            }

            all.AddRange(pending.Operations);
            try
            {
                await Inner.CommitAsync(all, CancellationToken.None).ConfigureAwait(false);
            }
            catch
            {
                // The commit may or may not have reached storage; only storage can say which.
                Log.MarkNeedsReload();
                throw;
            }

            Log.CompleteBatch(pending);
        }
        catch (Exception e)
        {
            foreach (var transaction in group)
            {
                transaction.Completion.TrySetException(e);
            }

            return;
        }

        foreach (var transaction in group)
        {
            transaction.Completion.TrySetResult();
        }
    }
}
