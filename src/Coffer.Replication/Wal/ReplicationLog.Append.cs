using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;
using Google.Protobuf;

namespace Coffer.Replication.Wal;

public sealed partial class ReplicationLog
{
    /// <summary>
    /// Computes the append of one entry per transaction in <paramref name="transactions"/>, in that order and
    /// with increasing indexes, without changing the log. The caller commits <see cref="PendingAppend.Operations"/>
    /// together with the transactions' data, then calls <see cref="CompleteBatch"/>. Callers serialize
    /// PrepareBatch/commit/CompleteBatch; readers may run concurrently.
    /// </summary>
    /// <remarks>
    /// Only entries older than the batch are trimmed, so a reader that had everything before the batch can always
    /// read all of it; that is why a batch may not hold more entries than <see cref="ReplicationLogOptions.MaxEntries"/>.
    /// </remarks>
    internal PendingAppend PrepareBatch(IReadOnlyList<IReadOnlyList<PhysicalOperation>> transactions)
    {
        ArgumentNullException.ThrowIfNull(transactions);
        if (transactions.Count == 0 || transactions.Count > _options.MaxEntries)
        {
            throw new ArgumentOutOfRangeException(
                nameof(transactions), transactions.Count, $"A batch holds from 1 to MaxEntries ({_options.MaxEntries}) transactions.");
        }

        lock (_lock)
        {
            // One commit, one commit time: the entries become durable and visible together.
            var committedAt = _timeProvider.GetUtcNow();
            var added = new List<RetainedEntry>(transactions.Count);
            var result = new List<PhysicalOperation>(transactions.Count * 2 + 1);
            var lastIndex = _lastIndex;
            long addedBytes = 0;
            foreach (var operations in transactions)
            {
                var index = _options.IndexSource.NextIndex(lastIndex);
                if (index <= lastIndex)
                {
                    throw new InvalidOperationException($"The replication index source returned {index}, not above the last index {lastIndex}.");
                }

                var entry = new ReplicationLogEntry(index, committedAt, operations);
                var serialized = LogEntryCodec.Serialize(entry);
                result.Add(PhysicalOperation.Put(ReplicationKeys.LogEntryKey(index), serialized));
                added.Add(new RetainedEntry(index, serialized.Length, entry));
                addedBytes += serialized.Length;
                lastIndex = index;
            }

            var older = _retained.Count;
            var count = older + added.Count;
            var bytes = _retainedBytes + addedBytes;
            var trimCount = 0;
            long trimmedBytes = 0;
            var trimmedThrough = _trimmedThrough;

            // Drop the oldest entries until both bounds hold, but never one this commit adds.
            while (trimCount < older && (count > _options.MaxEntries || bytes > _options.MaxBytes))
            {
                var oldest = _retained[trimCount];
                result.Add(PhysicalOperation.Delete(ReplicationKeys.LogEntryKey(oldest.Index)));
                trimCount++;
                trimmedBytes += oldest.Size;
                trimmedThrough = oldest.Index;
                count--;
                bytes -= oldest.Size;
            }

            var meta = new LogMetaRecord
            {
                FormatVersion = MetaFormatVersion,
                LogId = LogId,
                LastIndex = (ulong)lastIndex,
                LastCommittedAtUnixMs = committedAt.ToUnixTimeMilliseconds(),
                TrimmedThrough = (ulong)trimmedThrough,
            };
            result.Add(PhysicalOperation.Put(ReplicationKeys.LogMeta, meta.ToByteArray()));
            return new PendingAppend(added, addedBytes, committedAt, trimCount, trimmedBytes, trimmedThrough, result);
        }
    }

    /// <summary>Makes a committed append visible to readers and wakes everyone waiting for new entries.</summary>
    internal void CompleteBatch(PendingAppend pending)
    {
        ArgumentNullException.ThrowIfNull(pending);
        TaskCompletionSource appended;
        lock (_lock)
        {
            _retained.DropOldest(pending.TrimCount);
            _retainedBytes += pending.AddedBytes - pending.TrimmedBytes;
            _trimmedThrough = pending.TrimmedThrough;
            _retained.AddRange(pending.Added);
            _lastIndex = pending.LastIndex;
            _lastCommittedAt = pending.CommittedAt;

            // Only the newest TailCacheEntries stay in memory: release the ones this append pushed out of the tail.
            var firstCached = _retained.Count - _options.TailCacheEntries;
            for (var i = Math.Max(0, firstCached - pending.Added.Count); i < firstCached; i++)
            {
                _retained[i].Cached = null;
            }

            appended = _appended;
            _appended = NewSignal();
        }

        appended.TrySetResult();
    }
}
