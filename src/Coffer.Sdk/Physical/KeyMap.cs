using System.Collections;

namespace Coffer.Sdk.Physical;

/// <summary>
/// An immutable map from string keys, in ordinal order, to values: a persistent AVL tree. A change returns a new map
/// that shares every untouched node with the old one, so a reader (a Raft snapshot writer, a listing) can walk one
/// version while later writes publish new ones. Unlike <c>ImmutableSortedDictionary</c>, a walk can start at any key
/// (<see cref="From"/>), so listing a folder costs the keys under it, not every key that sorts before it.
/// </summary>
/// <remarks>
/// A <see cref="Builder"/> applies many changes at once (one Raft entry carries a whole group of writes): the nodes it
/// copies belong to it and are changed in place until <see cref="Builder.ToImmutable"/>, so a node near the root is
/// copied once per batch rather than once per write. A node's ancestors are always copied with it, so a node the
/// builder owns is reachable only through nodes it owns, and no published map ever sees one change.
/// </remarks>
public sealed class KeyMap<TValue> : IReadOnlyCollection<KeyValuePair<string, TValue>>
{
    public static readonly KeyMap<TValue> Empty = new(null, 0);

    private readonly Node? _root;

    private KeyMap(Node? root, int count)
    {
        _root = root;
        Count = count;
    }

    public int Count { get; }

    /// <summary>The keys in ordinal order.</summary>
    public IEnumerable<string> Keys => Walk(_root, from: null).Select(node => node.Key);

    /// <summary>The value under <paramref name="key"/>; throws <see cref="KeyNotFoundException"/> when absent.</summary>
    public TValue this[string key] => TryGetValue(key, out var value) ? value : throw new KeyNotFoundException($"The key '{key}' is not in the map.");

    public bool ContainsKey(string key) => TryGetValue(key, out _);

    public bool TryGetValue(string key, out TValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        var node = _root;
        while (node is not null)
        {
            var order = string.CompareOrdinal(key, node.Key);
            if (order == 0)
            {
                value = node.Value;
                return true;
            }

            node = order < 0 ? node.Left : node.Right;
        }

        value = default!;
        return false;
    }

    public KeyMap<TValue> SetItem(string key, TValue value)
    {
        var builder = ToBuilder();
        builder[key] = value;
        return builder.ToImmutable();
    }

    public KeyMap<TValue> SetItems(IEnumerable<KeyValuePair<string, TValue>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var builder = ToBuilder();
        foreach (var (key, value) in items)
        {
            builder[key] = value;
        }

        return builder.ToImmutable();
    }

    public KeyMap<TValue> Remove(string key)
    {
        var builder = ToBuilder();
        return builder.Remove(key) ? builder.ToImmutable() : this;
    }

    public Builder ToBuilder() => new(_root, Count);

    /// <summary>The first key that is <paramref name="key"/> or sorts after it; null when there is none.</summary>
    public string? FirstKeyFrom(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string? found = null;
        var node = _root;
        while (node is not null)
        {
            if (string.CompareOrdinal(node.Key, key) >= 0)
            {
                found = node.Key;
                node = node.Left;
            }
            else
            {
                node = node.Right;
            }
        }

        return found;
    }

    /// <summary>The entries whose key is <paramref name="key"/> or sorts after it, in ordinal order.</summary>
    public IEnumerable<KeyValuePair<string, TValue>> From(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Walk(_root, key).Select(node => KeyValuePair.Create(node.Key, node.Value));
    }

    /// <summary>The keys that are <paramref name="key"/> or sort after it, in ordinal order.</summary>
    public IEnumerable<string> KeysFrom(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return Walk(_root, key).Select(node => node.Key);
    }

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() =>
        Walk(_root, from: null).Select(node => KeyValuePair.Create(node.Key, node.Value)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Checks the tree's invariants (order, balance, heights, count); for tests.</summary>
    internal void Validate()
    {
        var count = Validate(_root, lower: null, upper: null);
        if (count != Count)
        {
            throw new InvalidOperationException($"The map holds {count} nodes but counts {Count}.");
        }
    }

    private static int Validate(Node? node, string? lower, string? upper)
    {
        if (node is null)
        {
            return 0;
        }

        if ((lower is not null && string.CompareOrdinal(node.Key, lower) <= 0) || (upper is not null && string.CompareOrdinal(node.Key, upper) >= 0))
        {
            throw new InvalidOperationException($"Key '{node.Key}' is out of order.");
        }

        var balance = Height(node.Left) - Height(node.Right);
        if (balance is < -1 or > 1 || node.Height != 1 + Math.Max(Height(node.Left), Height(node.Right)))
        {
            throw new InvalidOperationException($"The node at '{node.Key}' is unbalanced or has a wrong height.");
        }

        return 1 + Validate(node.Left, lower, node.Key) + Validate(node.Right, node.Key, upper);
    }

    // In order, from the first key at or above `from` (or the first key at all); the stack holds the nodes still to
    // visit on the way back up, so a walk allocates one stack whatever the map's size.
    private static IEnumerable<Node> Walk(Node? root, string? from)
    {
        var pending = new Stack<Node>();
        var node = root;
        while (node is not null)
        {
            if (from is null || string.CompareOrdinal(node.Key, from) >= 0)
            {
                pending.Push(node);
                node = node.Left;
            }
            else
            {
                node = node.Right;
            }
        }

        while (pending.Count > 0)
        {
            var next = pending.Pop();
            yield return next;
            for (node = next.Right; node is not null; node = node.Left)
            {
                pending.Push(node);
            }
        }
    }

    private static int Height(Node? node) => node?.Height ?? 0;

    /// <summary>Changes a map in place until <see cref="ToImmutable"/>; the map it came from never changes.</summary>
    public sealed class Builder
    {
        private Node? _root;

        // The nodes this builder copied or created carry this token and may be changed in place.
        private object _owner = new();

        internal Builder(Node? root, int count)
        {
            _root = root;
            Count = count;
        }

        public int Count { get; private set; }

        public TValue this[string key]
        {
            set
            {
                ArgumentNullException.ThrowIfNull(key);
                _root = Set(_root, key, value);
            }
        }

        /// <summary>Removes the key; false when it was absent.</summary>
        public bool Remove(string key)
        {
            ArgumentNullException.ThrowIfNull(key);
            _root = Delete(_root, key, out var removed);
            return removed;
        }

        public void RemoveRange(IEnumerable<string> keys)
        {
            ArgumentNullException.ThrowIfNull(keys);
            foreach (var key in keys)
            {
                Remove(key);
            }
        }

        /// <summary>The map as it is now; later changes through this builder copy again and never alter it.</summary>
        public KeyMap<TValue> ToImmutable()
        {
            _owner = new object();
            return new KeyMap<TValue>(_root, Count);
        }

        private Node Set(Node? node, string key, TValue value)
        {
            if (node is null)
            {
                Count++;
                return new Node(key, value, _owner);
            }

            var order = string.CompareOrdinal(key, node.Key);
            var writable = Writable(node);
            if (order == 0)
            {
                writable.Value = value;
                return writable;
            }

            if (order < 0)
            {
                writable.Left = Set(node.Left, key, value);
            }
            else
            {
                writable.Right = Set(node.Right, key, value);
            }

            return Balance(writable);
        }

        private Node? Delete(Node? node, string key, out bool removed)
        {
            if (node is null)
            {
                removed = false;
                return null;
            }

            var order = string.CompareOrdinal(key, node.Key);
            if (order != 0)
            {
                var child = Delete(order < 0 ? node.Left : node.Right, key, out removed);
                if (!removed)
                {
                    return node;
                }

                var writable = Writable(node);
                if (order < 0)
                {
                    writable.Left = child;
                }
                else
                {
                    writable.Right = child;
                }

                return Balance(writable);
            }

            removed = true;
            Count--;
            if (node.Left is null || node.Right is null)
            {
                return node.Left ?? node.Right;
            }

            // Two children: the smallest key on the right takes this node's place.
            var right = DeleteFirst(node.Right, out var first);
            var replaced = Writable(node);
            replaced.Key = first.Key;
            replaced.Value = first.Value;
            replaced.Right = right;
            return Balance(replaced);
        }

        private Node? DeleteFirst(Node node, out Node first)
        {
            if (node.Left is null)
            {
                first = node;
                return node.Right;
            }

            var writable = Writable(node);
            writable.Left = DeleteFirst(node.Left, out first);
            return Balance(writable);
        }

        private Node Balance(Node node)
        {
            node.UpdateHeight();
            var balance = Height(node.Left) - Height(node.Right);
            if (balance > 1)
            {
                if (Height(node.Left!.Left) < Height(node.Left.Right))
                {
                    node.Left = RotateLeft(Writable(node.Left));
                }

                return RotateRight(node);
            }

            if (balance < -1)
            {
                if (Height(node.Right!.Right) < Height(node.Right.Left))
                {
                    node.Right = RotateRight(Writable(node.Right));
                }

                return RotateLeft(node);
            }

            return node;
        }

        private Node RotateRight(Node node)
        {
            var top = Writable(node.Left!);
            node.Left = top.Right;
            node.UpdateHeight();
            top.Right = node;
            top.UpdateHeight();
            return top;
        }

        private Node RotateLeft(Node node)
        {
            var top = Writable(node.Right!);
            node.Right = top.Left;
            node.UpdateHeight();
            top.Left = node;
            top.UpdateHeight();
            return top;
        }

        private Node Writable(Node node) => ReferenceEquals(node.Owner, _owner) ? node : node.CopyFor(_owner);
    }

    internal sealed class Node(string key, TValue value, object owner)
    {
        public string Key { get; set; } = key;

        public TValue Value { get; set; } = value;

        public Node? Left { get; set; }

        public Node? Right { get; set; }

        public int Height { get; private set; } = 1;

        public object Owner { get; } = owner;

        public Node CopyFor(object owner) => new(Key, Value, owner) { Left = Left, Right = Right, Height = Height };

        public void UpdateHeight() => Height = 1 + Math.Max(KeyMap<TValue>.Height(Left), KeyMap<TValue>.Height(Right));
    }
}
