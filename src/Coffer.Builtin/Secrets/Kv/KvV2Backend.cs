using Coffer.Sdk.Framework;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// The versioned key-value store (KV version 2): every write keeps a new version, with metadata, soft delete,
/// undelete, destroy, check-and-set and per-key settings. Storage layout: <see cref="KvStorageLayout"/>.
/// </summary>
internal sealed class KvV2Backend : FrameworkBackend
{
    private const string BackendHelp =
        "The versioned key-value store keeps arbitrary secrets, encrypted by the server before they reach storage. " +
        "Each write of a key creates a new version; older versions stay readable until max_versions pushes them " +
        "out, and each can be deleted, restored or destroyed on its own. Secrets are read and written under " +
        "data/, their history and settings under metadata/, and the mount's defaults at config.";

    public KvV2Backend(TimeProvider time)
        : this(new KvV2Store(time))
    {
    }

    private KvV2Backend(KvV2Store store)
        : base(Paths(store), BackendHelp)
    {
    }

    private static IEnumerable<PathSpec> Paths(KvV2Store store) =>
    [
        KvConfigPaths.Create(store),
        KvDataPaths.Create(store),
        KvMetadataPaths.Create(store),
        KvSubkeysPaths.Create(store),
        .. KvDeletePaths.Create(store),
        KvInvalidPaths.Create(),
    ];
}
