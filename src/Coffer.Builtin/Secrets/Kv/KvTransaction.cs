using System.Text.Json;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// The storage changes of one KV v2 request, committed together: a new version's data and the metadata that
/// lists it, or a destroyed version's metadata and the removal of its data, can never be seen apart.
/// </summary>
internal sealed class KvTransaction
{
    private readonly List<StorageOperation> _operations = [];

    // The versions folder of the last key named: a request changes the versions of one key, often several.
    private (string Key, string Folder)? _versions;

    public KvTransaction PutMetadata(KvKeyMetadata metadata)
    {
        _operations.Add(StorageOperation.Put(KvStorageLayout.Metadata(metadata.Key), JsonSerializer.SerializeToUtf8Bytes(metadata, KvJsonContext.Default.KvKeyMetadata)));
        return this;
    }

    public KvTransaction DeleteMetadata(string key)
    {
        _operations.Add(StorageOperation.Delete(KvStorageLayout.Metadata(key)));
        return this;
    }

    public KvTransaction PutVersion(string key, long version, KvVersionRecord record)
    {
        _operations.Add(StorageOperation.Put(VersionPath(key, version), JsonSerializer.SerializeToUtf8Bytes(record, KvJsonContext.Default.KvVersionRecord)));
        return this;
    }

    public KvTransaction DeleteVersion(string key, long version)
    {
        _operations.Add(StorageOperation.Delete(VersionPath(key, version)));
        return this;
    }

    public KvTransaction PutConfig(KvConfig config)
    {
        _operations.Add(StorageOperation.Put(KvStorageLayout.Config, JsonSerializer.SerializeToUtf8Bytes(config, KvJsonContext.Default.KvConfig)));
        return this;
    }

    public Task CommitAsync(IStorage storage, CancellationToken cancellationToken) =>
        _operations.Count == 0 ? Task.CompletedTask : storage.CommitAsync(_operations, cancellationToken);

    private string VersionPath(string key, long version)
    {
        if (_versions is not { } versions || versions.Key != key)
        {
            versions = (key, KvStorageLayout.VersionsOf(key));
            _versions = versions;
        }

        return KvStorageLayout.VersionIn(versions.Folder, version);
    }
}
