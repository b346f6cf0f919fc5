using Coffer.Raft.Commands;
using Coffer.Sdk.Physical;

namespace Coffer.Raft;

/// <summary>
/// Snapshot save and restore of the whole key space. A restore is staged through several log entries (begin, chunks
/// of at most <see cref="RaftOptions.MaxEntrySize"/>, commit) and becomes visible in one step when the commit entry
/// applies, so a leader lost half-way leaves the previous entries intact on every node.
/// </summary>
public sealed partial class RaftBackend
{
    private readonly SemaphoreSlim _restoreGate = new(1, 1);

    /// <summary>Raised (on the thread pool) on every node that applied a snapshot restore.</summary>
    public event EventHandler? Restored;

    private void OnStateMachineRestored(object? sender, EventArgs e) => Restored?.Invoke(this, e);

    /// <summary>How many restores the applied state went through.</summary>
    public long RestoreGeneration => Running().StateMachine.Current.RestoreGeneration;

    /// <summary>
    /// Every entry, consistent as of a read barrier (nothing acknowledged before the call is missing), from an
    /// immutable version of the state: taking it costs nothing and writes go on meanwhile.
    /// </summary>
    public async Task<RaftStateView> CaptureAsync(CancellationToken cancellationToken = default)
    {
        var state = await ReadStateAsync(cancellationToken).ConfigureAwait(false);
        return new RaftStateView(state.Index, state.Term, state.Entries);
    }

    /// <summary>
    /// On the leader: replaces every entry with <paramref name="entries"/>, except that the current entries under
    /// <paramref name="keepPrefix"/> stay (and entries under it in <paramref name="entries"/> are dropped). One restore
    /// at a time; a failure (including one thrown by the enumeration) discards what was staged.
    /// </summary>
    public async Task RestoreAsync(IAsyncEnumerable<KeyValuePair<string, byte[]>> entries, string keepPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(keepPrefix);
        await _restoreGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        var restoreId = Guid.NewGuid().ToString("N");
        var begun = false;
        try
        {
            await ReplicateAsync(StorageCommand.RestoreBegin(restoreId), cancellationToken).ConfigureAwait(false);
            begun = true;
            var chunk = new List<PhysicalOperation>();
            var chunkSize = 0L;
            await foreach (var (key, value) in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                // Bound each chunk by the entry size limit, with room for the encoding of lengths.
                var size = (key.Length * 3L) + value.Length + 16;
                if (chunk.Count > 0 && chunkSize + size > _options.MaxEntrySize - 1024)
                {
                    await ReplicateAsync(StorageCommand.RestoreChunk(restoreId, chunk), cancellationToken).ConfigureAwait(false);
                    chunk.Clear();
                    chunkSize = 0;
                }

                chunk.Add(PhysicalOperation.Put(key, value));
                chunkSize += size;
            }

            if (chunk.Count > 0)
            {
                await ReplicateAsync(StorageCommand.RestoreChunk(restoreId, chunk), cancellationToken).ConfigureAwait(false);
            }

            await ReplicateAsync(StorageCommand.RestoreCommit(restoreId, keepPrefix), cancellationToken).ConfigureAwait(false);
            begun = false;
            Log.SnapshotRestored(_logger, Running().StateMachine.Current.RestoreGeneration);
        }
        finally
        {
            if (begun)
            {
                await AbortRestoreAsync(restoreId).ConfigureAwait(false);
            }

            _restoreGate.Release();
        }
    }

    /// <summary>Frees the staged entries of a failed restore. Best effort: the next restore replaces them anyway.</summary>
    private async Task AbortRestoreAsync(string restoreId)
    {
        try
        {
            using var timeout = new CancellationTokenSource(_timings.RequestTimeout);
            await ReplicateAsync(StorageCommand.RestoreAbort(restoreId), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.RestoreAbortFailed(_logger, e.Message);
        }
    }
}
