using Coffer.Sdk.Framework;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The non-versioned key-value store (KV version 1): see <see cref="KvV1Paths"/>.</summary>
internal sealed class KvV1Backend : FrameworkBackend
{
    private const string BackendHelp =
        "The key-value store keeps arbitrary secrets, encrypted by the server before they reach storage. Each path " +
        "holds one object of fields; writing a path replaces it. A \"ttl\" field is returned as the lease duration of " +
        "reads, a hint to readers; nothing expires or is revoked by this store.";

    public KvV1Backend()
        : base([KvV1Paths.Create()], BackendHelp)
    {
    }
}
