using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Sdk.Tests.Physical;

/// <summary>
/// <see cref="KeyMap{TValue}"/> against a sorted dictionary as the model: the same contents after any sequence of
/// changes, through single changes and builders alike, with the tree balanced and every earlier version unchanged.
/// </summary>
public sealed class KeyMapTests
{
    // Few, short keys over a small alphabet (with '/' and a character sorting below it), so changes hit the same keys.
    private static readonly Gen<string> Key = Gen.String[Gen.Char["ab/-"], 0, 4];

    private static readonly Gen<(bool Delete, string Key, int Value)> Change = Gen.Select(Gen.Int[0, 3].Select(n => n == 0), Key, Gen.Int);

    // A batch of changes, applied through one builder (several changes) or one single-change call (one).
    private static readonly Gen<(bool Delete, string Key, int Value)[][]> Batches = Change.Array[1, 6].Array[0, 40];

    [Fact]
    public void AnyChanges_SameContentsAsTheModel_EveryVersionKept() =>
        Batches.Sample(batches =>
        {
            var map = KeyMap<int>.Empty;
            var model = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var versions = new List<(KeyMap<int> Map, KeyValuePair<string, int>[] Contents)>();
            foreach (var batch in batches)
            {
                map = Apply(map, batch);
                foreach (var (delete, key, value) in batch)
                {
                    if (delete)
                    {
                        model.Remove(key);
                    }
                    else
                    {
                        model[key] = value;
                    }
                }

                map.Validate();
                Assert.Equal(model, map);
                Assert.Equal(model.Count, map.Count);
                versions.Add((map, model.ToArray()));
            }

            foreach (var (version, contents) in versions)
            {
                version.Validate();
                Assert.Equal(contents, version);
            }
        });

    [Fact]
    public void From_AnyKey_TheEntriesAtOrAfterIt() =>
        Gen.Select(Key.Array[0, 60], Key).Sample((keys, start) =>
        {
            var map = KeyMap<int>.Empty.SetItems(keys.Select((key, i) => KeyValuePair.Create(key, i)));
            var model = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (var i = 0; i < keys.Length; i++)
            {
                model[keys[i]] = i;
            }

            Assert.Equal(model.Where(pair => string.CompareOrdinal(pair.Key, start) >= 0), map.From(start));
            Assert.Equal(model.Keys.Where(key => string.CompareOrdinal(key, start) >= 0), map.KeysFrom(start));
            Assert.Equal(model.Keys, map.Keys);
        });

    [Fact]
    public void TryGetValue_PresentAndAbsentKeys()
    {
        var map = KeyMap<int>.Empty.SetItem("b", 2).SetItem("a", 1).SetItem("c", 3).Remove("b");

        Assert.True(map.TryGetValue("a", out var a));
        Assert.Equal(1, a);
        Assert.False(map.TryGetValue("b", out _));
        Assert.Same(map, map.Remove("absent"));
    }

    [Fact]
    public void Builder_KeepsChangingAfterToImmutable_WithoutTouchingWhatItReturned()
    {
        var builder = KeyMap<int>.Empty.ToBuilder();
        for (var i = 0; i < 100; i++)
        {
            builder[$"k{i:D3}"] = i;
        }

        var first = builder.ToImmutable();
        for (var i = 0; i < 100; i += 2)
        {
            builder.Remove($"k{i:D3}");
            builder[$"k{i + 1:D3}"] = -i;
        }

        var second = builder.ToImmutable();
        first.Validate();
        second.Validate();
        Assert.Equal(Enumerable.Range(0, 100), first.Select(pair => pair.Value));
        Assert.Equal(50, second.Count);
        Assert.All(second, pair => Assert.True(pair.Value <= 0));
    }

    private static KeyMap<int> Apply(KeyMap<int> map, (bool Delete, string Key, int Value)[] batch)
    {
        if (batch.Length == 1)
        {
            var (delete, key, value) = batch[0];
            return delete ? map.Remove(key) : map.SetItem(key, value);
        }

        var builder = map.ToBuilder();
        foreach (var (delete, key, value) in batch)
        {
            if (delete)
            {
                builder.Remove(key);
            }
            else
            {
                builder[key] = value;
            }
        }

        return builder.ToImmutable();
    }
}
