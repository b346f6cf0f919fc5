using Coffer.Sdk.Physical;

namespace Coffer.Replication.Storage;

/// <summary>Enumerates every key of a physical backend through its folder-style listing.</summary>
internal static class KeyWalker
{
    /// <summary>All keys outside the reserved prefix, in ordinal order.</summary>
    public static async Task<List<string>> ReplicatedKeysAsync(IPhysicalBackend backend, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        var folders = new Stack<string>();
        folders.Push(string.Empty);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            var children = await backend.ListAsync(folder, cancellationToken).ConfigureAwait(false);
            foreach (var child in children)
            {
                var key = folder + child;
                if (ReplicationKeys.IsReserved(key))
                {
                    continue;
                }

                if (child.EndsWith('/'))
                {
                    folders.Push(key);
                }
                else
                {
                    keys.Add(key);
                }
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }
}
