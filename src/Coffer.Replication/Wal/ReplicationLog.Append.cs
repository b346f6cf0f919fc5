using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;
using Google.Protobuf;

namespace Coffer.Replication.Wal;

public sealed partial class ReplicationLog
{
    /// <summary>
    /// Computes the append of <paramref name="operations"/> without changing the log. The caller commits
    /// <see cref="PendingAppend.Operations"/> together with its data, then calls <see cref="Complete"/>.
    /// Callers serialize Prepare/commit/Complete; readers may run concurrently.
    /// </summary>
    internal PendingAppend Prepare(IReadOnlyList<PhysicalOperation> operations)
    {
        lock (_lock)
        {
            var index = _options.IndexSource.NextIndex(_lastIndex);
            if (index <= _lastIndex)
            {
                throw new InvalidOperationException($"The replication index source returned {index}, not above the last index {_lastIndex}.");
            }

            var entry = new ReplicationLogEntry(index, _timeProvider.GetUtcNow(), operations);
            var serialized = LogEntryCodec.Serialize(entry);

            var result = new List<PhysicalOperation>(4) { PhysicalOperation.Put(ReplicationKeys.LogEntryKey(index), serialized) };
            var count = _retained.Count - _head + 1;
            var bytes = _retainedBytes + serialized.Length;
            var trimCount = 0;
            long trimmedBytes = 0;
            var trimmedThrough = _trimmedThrough;

            // Drop the oldest entries until both bounds hold, but never the one being added.
            while (count > 1 && (count > _options.MaxEntries || bytes > _options.MaxBytes))
            {
                var oldest = _retained[_head + trimCount];
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
                LastIndex = (ulong)index,
                LastCommittedAtUnixMs = entry.CommittedAt.ToUnixTimeMilliseconds(),
                TrimmedThrough = (ulong)trimmedThrough,
            };
            result.Add(PhysicalOperation.Put(ReplicationKeys.LogMeta, meta.ToByteArray()));
            return new PendingAppend(entry, serialized.Length, trimCount, trimmedBytes, trimmedThrough, result);
        }
    }

    /// <summary>Makes a committed append visible to readers and wakes everyone waiting for new entries.</summary>
    internal void Complete(PendingAppend pending)
    {
        TaskCompletionSource appended;
        lock (_lock)
        {
            _head += pending.TrimCount;
            _retainedBytes += pending.Size - pending.TrimmedBytes;
            _trimmedThrough = pending.TrimmedThrough;
            _retained.Add(new RetainedEntry(pending.Entry.Index, pending.Size, pending.Entry));
            _lastIndex = pending.Entry.Index;
            _lastCommittedAt = pending.Entry.CommittedAt;

            var uncache = _retained.Count - 1 - _options.TailCacheEntries;
            if (uncache >= _head)
            {
                _retained[uncache].Cached = null;
            }

            if (_head > 1024 && _head > _retained.Count / 2)
            {
                _retained.RemoveRange(0, _head);
                _head = 0;
            }

            appended = _appended;
            _appended = NewSignal();
        }

        appended.TrySetResult();
    }
}
