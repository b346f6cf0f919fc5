namespace Coffer.Sdk.Physical;

/// <summary>
/// The retained part of a log: items in strictly increasing index order, appended at the end and dropped from the
/// front. Dropping only moves a start position; the storage is compacted once the dropped prefix dominates, so both
/// ends cost amortised O(1) and a lookup by index is a binary search. Not thread-safe: its owner locks.
/// </summary>
public sealed class RetainedWindow<T>(Func<T, long> indexOf)
{
    private const int CompactAfter = 1024;

    private readonly List<T> _items = [];
    private int _head;

    public int Count => _items.Count - _head;

    /// <summary>The item at <paramref name="position"/> from the oldest retained (0).</summary>
    public T this[int position] => _items[_head + position];

    /// <summary>The oldest retained index, or 0 when the window is empty.</summary>
    public long FirstIndex => Count > 0 ? indexOf(_items[_head]) : 0;

    public void Add(T item) => _items.Add(item);

    public void AddRange(IEnumerable<T> items) => _items.AddRange(items);

    /// <summary>Drops the <paramref name="count"/> oldest items.</summary>
    public void DropOldest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Count);
        _head += count;
        if (_head > CompactAfter && _head > _items.Count / 2)
        {
            _items.RemoveRange(0, _head);
            _head = 0;
        }
    }

    public void Clear()
    {
        _items.Clear();
        _head = 0;
    }

    /// <summary>The position of the oldest item with index &gt;= <paramref name="index"/>; <see cref="Count"/> when none.</summary>
    public int PositionOfFirstAtOrAbove(long index)
    {
        int low = _head, high = _items.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (indexOf(_items[mid]) < index)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low - _head;
    }
}
