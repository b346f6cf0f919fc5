using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// What every KV v2 path shares: the clock, the per-key locks, reads of the stored records and the one
/// operation two paths perform, adding a version. Storage always comes from the request (the mount's view).
/// </summary>
internal sealed class KvV2Store(TimeProvider time)
{
    public TimeProvider Time { get; } = time;

    public KvKeyLocks Locks { get; } = new();

    private readonly SemaphoreSlim _configWrites = new(1, 1);
    private volatile KvConfig? _config;

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>
    /// The mount's settings, a copy the caller owns. Read from storage once, then kept: only <see cref="UpdateConfigAsync"/>
    /// changes them, and Core builds new backends whenever storage may have changed underneath (taking over as the
    /// active node, a snapshot restore, a DR promotion), so the kept copy cannot go stale. Every write read and
    /// decrypted it before.
    /// </summary>
    public async Task<KvConfig> ReadConfigAsync(IStorage storage, CancellationToken cancellationToken)
    {
        if (_config is { } kept)
        {
            return kept.Copy();
        }

        var stored = await storage.GetJsonAsync(KvStorageLayout.Config, KvJsonContext.Default.KvConfig, cancellationToken).ConfigureAwait(false)
            ?? new KvConfig();
        _config = stored.Copy();
        return stored;
    }

    /// <summary>Changes the mount's settings: one change at a time, so the kept copy is always what was stored last.</summary>
    public async Task UpdateConfigAsync(IStorage storage, Action<KvConfig> change, CancellationToken cancellationToken)
    {
        await _configWrites.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var config = await ReadConfigAsync(storage, cancellationToken).ConfigureAwait(false);
            change(config);
            _config = null;
            await new KvTransaction().PutConfig(config).CommitAsync(storage, cancellationToken).ConfigureAwait(false);
            _config = config.Copy();
        }
        finally
        {
            _configWrites.Release();
        }
    }

    public Task<KvKeyMetadata?> ReadMetadataAsync(IStorage storage, string key, CancellationToken cancellationToken) =>
        storage.GetJsonAsync(KvStorageLayout.Metadata(key), KvJsonContext.Default.KvKeyMetadata, cancellationToken);

    /// <summary>
    /// The existence check of a write: whether the key has metadata. What it read stays on the request for
    /// <see cref="ReadMetadataForWriteAsync"/>, which spares the write a second read and decryption of the same record.
    /// </summary>
    public async Task<bool> CheckMetadataExistsAsync(LogicalRequest request, string key, CancellationToken cancellationToken)
    {
        var releases = Locks.ReleasesOf(key);
        var metadata = await ReadMetadataAsync(KvRequestStorage.Of(request), key, cancellationToken).ConfigureAwait(false);
        request.ExistenceCheckState = new KvCheckedMetadata(key, releases, metadata);
        return metadata is not null;
    }

    /// <summary>
    /// The key's metadata for a write that holds the key's lock: what the existence check read when no writer on
    /// the key's stripe has released the lock since (so nothing can have changed it), otherwise read again.
    /// </summary>
    public Task<KvKeyMetadata?> ReadMetadataForWriteAsync(LogicalRequest request, string key, CancellationToken cancellationToken)
    {
        if (request.ExistenceCheckState is KvCheckedMetadata check && check.Key == key)
        {
            // Used once: the handler changes the object it is given.
            request.ExistenceCheckState = null;
            if (check.Releases == Locks.ReleasesOf(key))
            {
                return Task.FromResult(check.Metadata);
            }
        }

        return ReadMetadataAsync(KvRequestStorage.Of(request), key, cancellationToken);
    }

    /// <summary>The data of a version, or null when it is not stored (destroyed, pruned, or never written).</summary>
    public async Task<JsonObject?> TryReadVersionDataAsync(IStorage storage, string key, long version, CancellationToken cancellationToken) =>
        (await storage.GetJsonAsync(KvStorageLayout.Version(key, version), KvJsonContext.Default.KvVersionRecord, cancellationToken).ConfigureAwait(false))?.Data;

    /// <summary>The data of a version the metadata lists as not destroyed, read under the key's lock.</summary>
    public async Task<JsonObject> ReadVersionDataAsync(IStorage storage, string key, long version, CancellationToken cancellationToken) =>
        await TryReadVersionDataAsync(storage, key, version, cancellationToken).ConfigureAwait(false) ?? throw MissingData();

    /// <summary>
    /// Reads a version without the key's lock (reads never wait for writers). The metadata and the data are two
    /// gets, so a destroy or a pruning write can land between them; the data then is gone and the metadata,
    /// read again, says why. <paramref name="answer"/> builds the response from the metadata and the data (null
    /// when the version is not readable); returning null from it means "no such version".
    /// </summary>
    public async Task<LogicalResponse?> ReadConsistentAsync(
        IStorage storage,
        string key,
        long requestedVersion,
        Func<KvKeyMetadata, long, KvVersionMetadata, JsonObject?, LogicalResponse> answer,
        CancellationToken cancellationToken)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            var metadata = await ReadMetadataAsync(storage, key, cancellationToken).ConfigureAwait(false);
            if (metadata is null)
            {
                return null;
            }

            var version = requestedVersion > 0 ? requestedVersion : metadata.CurrentVersion;
            if (metadata.Version(version) is not { } state)
            {
                return null;
            }

            if (!state.IsLiveAt(Now))
            {
                return answer(metadata, version, state, null);
            }

            if (await TryReadVersionDataAsync(storage, key, version, cancellationToken).ConfigureAwait(false) is { } data)
            {
                return answer(metadata, version, state, data);
            }

            if (attempt == attempts)
            {
                throw MissingData();
            }
        }
    }

    private static CofferException MissingData() => new(ErrorKind.Internal, "could not find version data");

    /// <summary>
    /// Commits <paramref name="data"/> as the key's next version, with the metadata that lists it and the
    /// removal of the versions <c>max_versions</c> pushes out, in one transaction. The caller holds the key's lock.
    /// </summary>
    public async Task<LogicalResponse> AddVersionAsync(IStorage storage, KvConfig config, KvKeyMetadata metadata, JsonObject data, CancellationToken cancellationToken)
    {
        var now = Now;
        var state = new KvVersionMetadata { CreatedTime = now, DeletionTime = config.DeletionTimeFor(now, metadata) };
        var dropped = metadata.AddVersion(state, config.MaxVersions);
        var transaction = new KvTransaction()
            .PutVersion(metadata.Key, metadata.CurrentVersion, new KvVersionRecord { CreatedTime = now, Data = data })
            .PutMetadata(metadata);
        foreach (var version in dropped)
        {
            transaction.DeleteVersion(metadata.Key, version);
        }

        await transaction.CommitAsync(storage, cancellationToken).ConfigureAwait(false);
        return LogicalResponse.WithData(KvViews.Version(metadata.CurrentVersion, state, metadata));
    }
}
