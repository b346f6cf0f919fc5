using System.Runtime.CompilerServices;

namespace Coffer.Raft.Commands;

/// <summary>
/// The last few keys of a batch being encoded or decoded (format 2): each key is written as the length of the prefix
/// it shares with one of them plus the rest, so that the long prefixes storage keys repeat are written once a batch.
/// </summary>
/// <remarks>
/// A mount's keys all start <c>logical/&lt;uuid&gt;/</c>, and a KV v2 write is three keys in a row (the new version under
/// the key's hashed folder, the key's metadata, the dropped version in the same folder), so the best match is often
/// not the previous key but the one before it: a write of that shape costs ~90 bytes of keys instead of ~330.
/// It is a value on the encoder's stack, so sizing and encoding every storage write allocates nothing for it.
/// </remarks>
internal struct RecentKeys
{
    /// <summary>How many earlier keys a key may refer to; a reference takes two bits of the operation byte.</summary>
    public const int Capacity = 4;

    private Ring _keys;
    private int _count;
    private int _next;

    /// <summary>
    /// The earlier key sharing the longest prefix with <paramref name="key"/> (<c>Back</c> 0 is the previous key) and
    /// the shared length in UTF-16 units; (0, 0) before the first key. The prefix never ends between the two halves
    /// of a surrogate pair, so the rest of the key is valid text on its own.
    /// </summary>
    public readonly (int Back, int Shared) Match(string key)
    {
        var best = (Back: 0, Shared: 0);
        for (var back = 0; back < _count; back++)
        {
            var shared = SafePrefixLength(key, Earlier(back));
            if (shared > best.Shared)
            {
                best = (back, shared);
            }
        }

        return best;
    }

    /// <summary>The prefix a decoder's reference names; <see cref="InvalidDataException"/> for one no encoder writes.</summary>
    public readonly ReadOnlySpan<char> Prefix(int back, int shared)
    {
        if (shared == 0)
        {
            return [];
        }

        if (back >= _count)
        {
            throw new InvalidDataException("A key refers to an earlier key the batch does not have.");
        }

        var earlier = Earlier(back);
        if (shared > earlier.Length || char.IsHighSurrogate(earlier[shared - 1]))
        {
            throw new InvalidDataException("A key's shared prefix is out of range.");
        }

        return earlier.AsSpan(0, shared);
    }

    public void Add(string key)
    {
        _keys[_next] = key;
        _next = (_next + 1) % Capacity;
        _count = Math.Min(_count + 1, Capacity);
    }

    private readonly string Earlier(int back) => _keys[(_next - 1 - back + Capacity) % Capacity];

    private static int SafePrefixLength(string key, string earlier)
    {
        var shared = key.AsSpan().CommonPrefixLength(earlier);
        return shared > 0 && char.IsHighSurrogate(key[shared - 1]) ? shared - 1 : shared;
    }

    [InlineArray(Capacity)]
    private struct Ring
    {
        private string _first;
    }
}
