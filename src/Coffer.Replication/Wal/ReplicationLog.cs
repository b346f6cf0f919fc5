using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;
using Google.Protobuf;

namespace Coffer.Replication.Wal;

/// <summary>
/// The primary's bounded replication log, persisted under <see cref="ReplicationKeys.LogEntryPrefix"/>.
/// Entries are appended only through <see cref="ReplicatingBackend"/>, inside the same physical commit as the
/// data they describe; this type keeps the in-memory view of what that storage holds and serves readers.
/// </summary>
public sealed partial class ReplicationLog : IReplicationHistory
{
    private const uint MetaFormatVersion = 1;

    private readonly IPhysicalBackend _storage;
    private readonly ReplicationLogOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _lock = new();

    private readonly RetainedWindow<RetainedEntry> _retained = new(static entry => entry.Index);
    private long _retainedBytes;
    private long _lastIndex;
    private DateTimeOffset _lastCommittedAt;
    private long _trimmedThrough;
    private volatile bool _needsReload;
    private TaskCompletionSource _appended = NewSignal();

    private ReplicationLog(IPhysicalBackend storage, ReplicationLogOptions options, TimeProvider timeProvider, string logId)
    {
        _storage = storage;
        _options = options;
        _timeProvider = timeProvider;
        LogId = logId;
    }

    public string LogId { get; }

    public long LastIndex
    {
        get { lock (_lock) { return _lastIndex; } }
    }

    public DateTimeOffset LastCommittedAt
    {
        get { lock (_lock) { return _lastCommittedAt; } }
    }

    public (long Index, DateTimeOffset CommittedAt) LastPosition
    {
        get { lock (_lock) { return (_lastIndex, _lastCommittedAt); } }
    }

    /// <summary>Every entry at or below this index has been dropped; a reader needing one must re-index.</summary>
    public long TrimmedThrough
    {
        get { lock (_lock) { return _trimmedThrough; } }
    }

    public long FirstRetainedIndex
    {
        get { lock (_lock) { return _retained.FirstIndex; } }
    }

    public int RetainedCount
    {
        get { lock (_lock) { return _retained.Count; } }
    }

    public long RetainedBytes
    {
        get { lock (_lock) { return _retainedBytes; } }
    }

    internal bool NeedsReload => _needsReload;

    internal static async Task<ReplicationLog> OpenAsync(
        IPhysicalBackend storage, ReplicationLogOptions options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        options.Validate();
        var meta = await ReadMetaAsync(storage, cancellationToken).ConfigureAwait(false);
        if (meta is null)
        {
            // A new log gets its identity before any entry, so a secondary that re-indexes against an
            // empty primary keeps a valid position across a primary restart.
            meta = new LogMetaRecord { FormatVersion = MetaFormatVersion, LogId = Guid.NewGuid().ToString("N") };
            await storage.PutAsync(new PhysicalEntry(ReplicationKeys.LogMeta, meta.ToByteArray()), cancellationToken).ConfigureAwait(false);
        }

        var log = new ReplicationLog(storage, options, timeProvider, meta.LogId);
        await log.LoadAsync(meta, cancellationToken).ConfigureAwait(false);
        return log;
    }

    /// <summary>
    /// Re-reads the log from storage. Called after a commit whose outcome is unknown (it threw, but may
    /// have reached storage), so the next index is never one that storage already holds.
    /// </summary>
    internal async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var meta = await ReadMetaAsync(_storage, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException("The replication log meta record disappeared from storage.");
        if (meta.LogId != LogId)
        {
            throw new InvalidDataException("The replication log in storage was replaced by another log.");
        }

        await LoadAsync(meta, cancellationToken).ConfigureAwait(false);
    }

    internal void MarkNeedsReload() => _needsReload = true;

    private async Task LoadAsync(LogMetaRecord meta, CancellationToken cancellationToken)
    {
        var children = await _storage.ListAsync(ReplicationKeys.LogEntryPrefix, cancellationToken).ConfigureAwait(false);
        var indexes = new List<long>(children.Count);
        foreach (var child in children)
        {
            if (ReplicationKeys.TryParseLogEntryKey(child, out var index) && index > (long)meta.TrimmedThrough && index <= (long)meta.LastIndex)
            {
                indexes.Add(index);
            }
        }

        indexes.Sort();
        var loaded = new List<RetainedEntry>(indexes.Count);
        long bytes = 0;
        var cacheFrom = indexes.Count - _options.TailCacheEntries;
        for (var i = 0; i < indexes.Count; i++)
        {
            var stored = await _storage.GetAsync(ReplicationKeys.LogEntryKey(indexes[i]), cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                continue;
            }

            var entry = i >= cacheFrom ? LogEntryCodec.Deserialize(stored.Value) : null;
            loaded.Add(new RetainedEntry(indexes[i], stored.Value.Length, entry));
            bytes += stored.Value.Length;
        }

        lock (_lock)
        {
            _retained.Clear();
            _retained.AddRange(loaded);
            _retainedBytes = bytes;
            _lastIndex = (long)meta.LastIndex;
            _lastCommittedAt = DateTimeOffset.FromUnixTimeMilliseconds(meta.LastCommittedAtUnixMs);
            _trimmedThrough = (long)meta.TrimmedThrough;
            _needsReload = false;
        }
    }

    private static async Task<LogMetaRecord?> ReadMetaAsync(IPhysicalBackend storage, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(ReplicationKeys.LogMeta, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return null;
        }

        var meta = LogMetaRecord.Parser.ParseFrom(stored.Value);
        if (meta.FormatVersion != MetaFormatVersion || string.IsNullOrEmpty(meta.LogId))
        {
            throw new InvalidDataException($"Unsupported replication log meta format version {meta.FormatVersion}.");
        }

        return meta;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
