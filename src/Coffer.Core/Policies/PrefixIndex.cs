namespace Coffer.Core.Policies;

/// <summary>
/// Allocation-free prefix lookups over a fixed set of keys. Keys are sorted ordinally and each knows its
/// longest proper prefix among the keys (its parent). For a path, the greatest key not after it is found
/// by binary search; every key that is a prefix of the path lies on that key's parent chain, because
/// anything sorting between a prefix of the path and the path itself starts with that prefix. So the
/// first chain entry that fits is the longest match, and the entries after it are all the shorter ones.
/// </summary>
internal sealed class PrefixIndex<T>
{
    private readonly string[] _keys;
    private readonly T[] _values;
    private readonly int[] _parent;

    public PrefixIndex(IEnumerable<KeyValuePair<string, T>> entries)
    {
        var sorted = entries.OrderBy(e => e.Key, StringComparer.Ordinal).ToArray();
        _keys = sorted.Select(e => e.Key).ToArray();
        _values = sorted.Select(e => e.Value).ToArray();
        _parent = new int[_keys.Length];
        for (var i = 0; i < _keys.Length; i++)
        {
            var candidate = i - 1;
            while (candidate >= 0 && !_keys[i].StartsWith(_keys[candidate], StringComparison.Ordinal))
            {
                candidate = _parent[candidate];
            }

            _parent[i] = candidate;
        }
    }

    public IReadOnlyList<T> Values => _values;

    /// <summary>The index of the longest key that is a prefix of the path, or -1.</summary>
    public int FindLongest(ReadOnlySpan<char> path)
    {
        var low = 0;
        var high = _keys.Length - 1;
        var greatestNotAfter = -1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            if (_keys[middle].AsSpan().SequenceCompareTo(path) <= 0)
            {
                greatestNotAfter = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        for (var i = greatestNotAfter; i >= 0; i = _parent[i])
        {
            if (path.StartsWith(_keys[i], StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The next shorter key that is a prefix of the key at <paramref name="index"/>, or -1.</summary>
    public int ShorterPrefixOf(int index) => _parent[index];

    public T ValueAt(int index) => _values[index];
}
