using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;

namespace Coffer.Replication.Tests.Support;

internal static class StorageSnapshot
{
    /// <summary>Every non-reserved key and its value, for byte-for-byte comparison of two backends.</summary>
    public static async Task<SortedDictionary<string, string>> ReplicatedAsync(IPhysicalBackend backend)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var key in await KeyWalker.ReplicatedKeysAsync(backend, CancellationToken.None))
        {
            var entry = await backend.GetAsync(key);
            result[key] = Convert.ToHexString(entry!.Value);
        }

        return result;
    }
}
