using Coffer.Sdk.Physical;

namespace Coffer.Replication.Storage;

/// <summary>Enumerates every replicated key of a physical backend.</summary>
internal static class KeyWalker
{
    /// <summary>All keys outside the reserved prefix, in ordinal order (one scan where the backend offers it).</summary>
    public static async Task<List<string>> ReplicatedKeysAsync(IPhysicalBackend backend, CancellationToken cancellationToken)
    {
        var keys = await KeyScan.ScanAsync(backend, string.Empty, cancellationToken).ConfigureAwait(false);
        return keys.Where(key => !ReplicationKeys.IsReserved(key)).ToList();
    }
}
