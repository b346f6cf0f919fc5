using Coffer.Sdk.Physical;

namespace Coffer.Replication.Wal;

public sealed partial class ReplicationLog
{
    public async Task<IReadOnlyList<ReplicationLogEntry>> ReadFromAsync(
        long fromIndex, int maxEntries, long maxBytes = long.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxEntries, 1);
        var wanted = new List<RetainedEntry>();
        var cached = new List<ReplicationLogEntry?>();
        long trimmedThrough;
        lock (_lock)
        {
            trimmedThrough = _trimmedThrough;
            if (fromIndex <= _trimmedThrough)
            {
                throw new ReplicationLogTruncatedException(fromIndex, _trimmedThrough);
            }

            long bytes = 0;
            for (var i = _retained.PositionOfFirstAtOrAbove(fromIndex); i < _retained.Count && wanted.Count < maxEntries; i++)
            {
                var retained = _retained[i];
                if (wanted.Count > 0 && bytes + retained.Size > maxBytes)
                {
                    break;
                }

                bytes += retained.Size;
                wanted.Add(retained);
                cached.Add(retained.Cached);
            }
        }

        var result = new List<ReplicationLogEntry>(wanted.Count);
        for (var i = 0; i < wanted.Count; i++)
        {
            var entry = cached[i] ?? await LoadEntryAsync(wanted[i].Index, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                // Trimmed between the index lookup and the read: the reader fell behind while we read.
                if (result.Count == 0)
                {
                    throw new ReplicationLogTruncatedException(fromIndex, Math.Max(trimmedThrough, wanted[i].Index));
                }

                break;
            }

            result.Add(entry);
        }

        return result;
    }

    public async Task WaitForEntriesAfterAsync(long index, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task appended;
            lock (_lock)
            {
                if (_lastIndex > index)
                {
                    return;
                }

                appended = _appended.Task;
            }

            await appended.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<ReplicationLogEntry?> LoadEntryAsync(long index, CancellationToken cancellationToken)
    {
        PhysicalEntry? stored = await _storage.GetAsync(ReplicationKeys.LogEntryKey(index), cancellationToken).ConfigureAwait(false);
        return stored is null ? null : LogEntryCodec.Deserialize(stored.Value);
    }
}
