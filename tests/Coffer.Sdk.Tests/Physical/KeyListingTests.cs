using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Sdk.Tests.Physical;

public sealed class KeyListingTests
{
    // A small alphabet around '/' so that shared prefixes, folders and ordinal neighbours
    // ('-' < '/' < '0') are common in random keys.
    private static readonly Gen<string> Key = Gen.Char["ab/-0é"].Array[0, 7].Select(chars => new string(chars));

    // A key set with a prefix: a random one, or a prefix of one of its keys.
    private static readonly Gen<(HashSet<string> Keys, string Prefix)> Cases = Key.HashSet[0, 25].SelectMany(keys => Gen.OneOf(
        Key.Select(random => (keys, random)),
        Gen.Int[0, 100].Select(pick => (keys, PrefixOfSomeKey(keys, pick)))));

    [Fact]
    public void Children_RandomKeySets_EqualNaiveReference()
    {
        Cases.Sample(
            (keys, prefix) =>
            {
                var sorted = keys.Order(StringComparer.Ordinal).ToList();
                return KeyListing.Children(sorted, prefix).SequenceEqual(NaiveChildren(keys, prefix));
            },
            iter: 3000);
    }

    [Fact]
    public void Children_BySeeking_EqualNaiveReference()
    {
        Cases.Sample(
            (keys, prefix) => KeyListing.Children(Seeker(keys), prefix).SequenceEqual(NaiveChildren(keys, prefix)),
            iter: 3000);
    }

    [Fact]
    public void Children_BySeeking_OneSeekPerChild()
    {
        var keys = Enumerable.Range(0, 1000).Select(i => $"p/folder/{i:D4}").Append("p/a").Append("p/z").Append("q/1").ToHashSet();
        var seeks = 0;
        var seek = Seeker(keys);

        var children = KeyListing.Children(from => { seeks++; return seek(from); }, "p/");

        Assert.Equal(["a", "folder/", "z"], children);
        Assert.Equal(4, seeks);
    }

    [Fact]
    public void Children_FolderAndKeyOfSameName_ListsBothInOrdinalOrder()
    {
        string[] keys = ["p/a", "p/a-b", "p/a/x", "p/a/y", "p/a0", "q"];

        Assert.Equal(["a", "a-b", "a/", "a0"], KeyListing.Children(keys, "p/"));
    }

    [Fact]
    public void Children_KeyEqualToPrefix_IsNotAChild()
    {
        Assert.Equal(["/", "x"], KeyListing.Children(["ab", "ab/c", "abx"], "ab"));
    }

    [Fact]
    public void Children_EmptyPrefix_ListsTopLevel()
    {
        Assert.Equal(["a/", "b"], KeyListing.Children(["a/1", "a/2/3", "b"], ""));
    }

    // The first key at or after a key, as a sorted store answers it.
    private static Func<string, string?> Seeker(IEnumerable<string> keys)
    {
        var sorted = keys.Order(StringComparer.Ordinal).ToList();
        return from => sorted.FirstOrDefault(key => string.CompareOrdinal(key, from) >= 0);
    }

    private static string PrefixOfSomeKey(HashSet<string> keys, int pick)
    {
        if (keys.Count == 0)
        {
            return "";
        }

        var key = keys.Order(StringComparer.Ordinal).ElementAt(pick % keys.Count);
        return key[..(pick % (key.Length + 1))];
    }

    private static List<string> NaiveChildren(IEnumerable<string> keys, string prefix)
    {
        var children = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal) && k.Length > prefix.Length))
        {
            var rest = key[prefix.Length..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            children.Add(slash < 0 ? rest : rest[..(slash + 1)]);
        }

        return children.Order(StringComparer.Ordinal).ToList();
    }
}
