using System.Buffers;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.Commands;

/// <summary>
/// Group commit for storage writes. Every log entry costs the leader a durable flush and a replication round, so
/// one entry per write caps throughput at about one write per flush. Writes that arrive while an entry is being
/// replicated wait, and the next entry carries all of them as one batch: one flush and one round for many writes.
/// A write that finds nothing in flight goes out at once, so a lone writer waits for nothing.
/// </summary>
/// <remarks>
/// <para>
/// Before cutting the next entry, while writes are waiting, the drain first lets the work already queued on this node
/// run (<see cref="QueuedWork.LetRunAsync"/>), so that requests a few steps short of their write join it instead of
/// waiting a whole round. Measured on three nodes at 64 connections, entries become about a third fewer and larger,
/// and each node's CPU per write falls with the flushes and rounds it no longer does (bench/RESULTS.md).
/// </para>
/// <para>
/// Applying one batch of the writes' operations in arrival order leaves the same state as applying each write as its
/// own entry in that order, and each write stays atomic (all of a batch commits or none does). Every write of an
/// entry learns the entry's outcome; a failed entry fails all of its writes alike.
/// </para>
/// </remarks>
/// <param name="replicate">
/// Replicates one entry: its encoding, and the command it encodes (the leader applies that instead of decoding its own
/// entry; see <see cref="StateMachine.AppendedCommand"/>).
/// </param>
internal sealed class WriteCoalescer(Func<ReadOnlyMemory<byte>, StorageCommand, Task> replicate, int maxEntrySize, Func<ValueTask>? beforeNextEntry = null)
{
    // A batch's encoding of an operation is never longer than the operation's own Put, Delete or Batch (its keys
    // only gain earlier keys to share a prefix with), and its header is at most this long.
    private const int BatchHeaderAllowance = 16;

    private readonly Func<ValueTask> _beforeNextEntry = beforeNextEntry ?? QueuedWork.LetRunAsync;

    private readonly Lock _gate = new();
    private readonly Queue<PendingWrite> _queue = new();
    private bool _draining;

    /// <summary>
    /// Queues a Put, Delete or Batch command of <paramref name="encodedSize"/> bytes (<see cref="StorageCommand.EncodedSize"/>);
    /// completes when the entry carrying it committed and applied here, or fails as that entry's replication did.
    /// Cancelling stops the waiting only: a write already handed to the engine may still commit.
    /// </summary>
    public Task WriteAsync(StorageCommand command, int encodedSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(encodedSize);
        if (command.Kind is not (StorageCommandKind.Put or StorageCommandKind.Delete or StorageCommandKind.Batch))
        {
            throw new ArgumentException($"Only storage writes are coalesced, not {command.Kind}.", nameof(command));
        }

        var pending = new PendingWrite(command, encodedSize);
        bool startDrain;
        lock (_gate)
        {
            _queue.Enqueue(pending);
            startDrain = !_draining;
            _draining = true;
        }

        if (startDrain)
        {
            _ = DrainAsync();
        }

        return pending.Completion.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        while (TakeBatch() is { } taken)
        {
            var (batch, size) = taken;
            byte[]? rented = null;
            try
            {
                // Encoded only now, once, into a pooled buffer: a lone write as itself, several as one batch.
                var (command, sizeBound) = batch.Count == 1 ? (batch[0].Command, batch[0].EncodedSize) : (Combine(batch), size);
                (rented, var length) = command.EncodeRented(sizeBound);
                await replicate(rented.AsMemory(0, length), command).ConfigureAwait(false);
                foreach (var write in batch)
                {
                    write.Completion.TrySetResult();
                }
            }
            catch (Exception e)
            {
                foreach (var write in batch)
                {
                    write.Completion.TrySetException(e);
                }
            }
            finally
            {
                // The engine copies an entry into its log before the replication completes, whatever its outcome.
                if (rented is not null)
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }

            // The first entry of a drain went at once; the next waits for work already queued, if writes are waiting.
            if (HasQueuedWrites())
            {
                await _beforeNextEntry().ConfigureAwait(false);
            }
        }
    }

    private bool HasQueuedWrites()
    {
        lock (_gate)
        {
            return _queue.Count > 0;
        }
    }

    /// <summary>
    /// The queued writes that fit one entry, oldest first, and a bound on the entry's size (their sizes plus the header
    /// allowance); null (and draining ends) when none are queued.
    /// </summary>
    private (List<PendingWrite> Batch, int SizeBound)? TakeBatch()
    {
        lock (_gate)
        {
            if (_queue.Count == 0)
            {
                _draining = false;
                return null;
            }

            var batch = new List<PendingWrite> { _queue.Dequeue() };
            var size = batch[0].EncodedSize + BatchHeaderAllowance;
            while (_queue.TryPeek(out var next) && size + next.EncodedSize <= maxEntrySize)
            {
                size += next.EncodedSize;
                batch.Add(_queue.Dequeue());
            }

            return (batch, size);
        }
    }

    // Encoded by the caller into a buffer of the bound TakeBatch computed, so the combined batch is not sized again.
    private static StorageCommand Combine(List<PendingWrite> batch)
    {
        var operations = new List<PhysicalOperation>(batch.Count * 2);
        foreach (var write in batch)
        {
            operations.AddRange(write.Command.Operations);
        }

        return StorageCommand.Batch(operations);
    }

    private sealed record PendingWrite(StorageCommand Command, int EncodedSize)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
