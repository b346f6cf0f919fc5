namespace Coffer.Sdk.Physical;

/// <summary>Every key under a prefix, from any backend: in one scan where it offers <see cref="IKeyScan"/>.</summary>
public static class KeyScan
{
    /// <summary>Every key starting with <paramref name="prefix"/> (a folder, ending in '/', or empty), in ordinal order.</summary>
    public static async Task<IReadOnlyList<string>> ScanAsync(IPhysicalBackend backend, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(prefix);
        if (backend is IKeyScan scan)
        {
            return await scan.ScanKeysAsync(prefix, cancellationToken).ConfigureAwait(false);
        }

        var keys = new List<string>();
        var folders = new Stack<string>();
        folders.Push(prefix);
        while (folders.Count > 0)
        {
            var folder = folders.Pop();
            foreach (var child in await backend.ListAsync(folder, cancellationToken).ConfigureAwait(false))
            {
                if (child.EndsWith('/'))
                {
                    folders.Push(folder + child);
                }
                else
                {
                    keys.Add(folder + child);
                }
            }
        }

        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>From ordinally sorted <paramref name="sortedKeys"/>, those starting with <paramref name="prefix"/>.</summary>
    public static IReadOnlyList<string> Filter(IEnumerable<string> sortedKeys, string prefix)
    {
        ArgumentNullException.ThrowIfNull(sortedKeys);
        var result = new List<string>();
        foreach (var key in sortedKeys)
        {
            if (key.StartsWith(prefix, StringComparison.Ordinal))
            {
                result.Add(key);
            }
            else if (string.CompareOrdinal(key, prefix) > 0)
            {
                break;
            }
        }

        return result;
    }
}
