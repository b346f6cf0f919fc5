using Coffer.Sdk.Physical;
using Xunit;

namespace Coffer.Testing.Storage;

/// <summary>Get, put and delete of single entries.</summary>
public abstract partial class PhysicalBackendConformance
{
    [Fact]
    public void Name_Always_IsNonEmptyLowercaseIdentifier()
    {
        Assert.Matches("^[a-z][a-z0-9_-]*$", Backend.Name);
    }

    [Fact]
    public async Task Get_MissingKey_ReturnsNull()
    {
        Assert.Null(await Backend.GetAsync("missing", Ct));
        Assert.Null(await Backend.GetAsync("missing/child", Ct));
    }

    [Fact]
    public async Task Put_ThenGet_ReturnsSameKeyAndBytes()
    {
        var value = new byte[] { 0, 1, 2, 255, 254, 10, 13 };

        await Backend.PutAsync(new PhysicalEntry("core/keyring", value), Ct);
        var entry = await Backend.GetAsync("core/keyring", Ct);

        Assert.NotNull(entry);
        Assert.Equal("core/keyring", entry.Key);
        Assert.Equal(value, entry.Value);
    }

    [Fact]
    public async Task Put_ExistingKey_ReplacesValue()
    {
        await PutAsync("a/b", "first, and longer than the second");
        await PutAsync("a/b", "second");

        Assert.Equal("second", await GetTextAsync("a/b"));
    }

    [Fact]
    public async Task Put_KeyAndItsChildren_AreIndependentEntries()
    {
        await PutAsync("a", "parent");
        await PutAsync("a/b", "child");
        await PutAsync("a/b/c", "grandchild");

        Assert.Equal("parent", await GetTextAsync("a"));
        Assert.Equal("child", await GetTextAsync("a/b"));
        Assert.Equal("grandchild", await GetTextAsync("a/b/c"));

        await Backend.DeleteAsync("a/b", Ct);

        Assert.Equal("parent", await GetTextAsync("a"));
        Assert.Null(await GetTextAsync("a/b"));
        Assert.Equal("grandchild", await GetTextAsync("a/b/c"));
    }

    [Fact]
    public async Task Delete_ExistingKey_RemovesOnlyThatKey()
    {
        await PutAsync("x/1", "one");
        await PutAsync("x/2", "two");

        await Backend.DeleteAsync("x/1", Ct);

        Assert.Null(await Backend.GetAsync("x/1", Ct));
        Assert.Equal("two", await GetTextAsync("x/2"));
    }

    [Fact]
    public async Task Delete_MissingKey_Succeeds()
    {
        await Backend.DeleteAsync("never/written", Ct);
        await PutAsync("x", "1");
        await Backend.DeleteAsync("x", Ct);
        await Backend.DeleteAsync("x", Ct);

        Assert.Null(await Backend.GetAsync("x", Ct));
    }

    [Fact]
    public async Task Put_EmptyValue_RoundTripsAsPresentAndEmpty()
    {
        await Backend.PutAsync(new PhysicalEntry("empty", []), Ct);

        var entry = await Backend.GetAsync("empty", Ct);

        Assert.NotNull(entry);
        Assert.Empty(entry.Value);
        Assert.Equal(["empty"], await ListAsync(""));
    }

    [Fact]
    public async Task Put_EightMebibyteValue_RoundTripsExactly()
    {
        var value = new byte[8 * 1024 * 1024];
        new Random(42).NextBytes(value);

        await Backend.PutAsync(new PhysicalEntry("large", value), Ct);
        var entry = await Backend.GetAsync("large", Ct);

        Assert.NotNull(entry);
        Assert.True(value.AsSpan().SequenceEqual(entry.Value), "the 8 MiB value came back different");
    }

    [Fact]
    public async Task Put_CallerMutatesArrayAfterwards_StoredValueUnchanged()
    {
        var value = Bytes("original");

        await Backend.PutAsync(new PhysicalEntry("k", value), Ct);
        value[0] = (byte)'X';

        Assert.Equal("original", await GetTextAsync("k"));
    }

    [Fact]
    public async Task Get_CallerMutatesReturnedArray_StoredValueUnchanged()
    {
        await PutAsync("k", "original");

        var first = await Backend.GetAsync("k", Ct);
        Assert.NotNull(first);
        first.Value[0] = (byte)'X';

        Assert.Equal("original", await GetTextAsync("k"));
    }

    [Theory]
    [InlineData("with space/and more spaces ")]
    [InlineData("unicode/clé/日本語/😀")]
    [InlineData("percent/100%/%2F/%")]
    [InlineData("punctuation/a:b*c?d\"e<f>g|h\\i")]
    [InlineData("leading/.dot/_underscore/-dash/~tilde")]
    [InlineData("controls/tab\there/new\nline")]
    [InlineData("dots/./.../x.")]
    public async Task Put_KeyWithUnusualCharacters_RoundTripsAndLists(string key)
    {
        await PutAsync(key, "value");

        Assert.Equal("value", await GetTextAsync(key));

        var slash = key.LastIndexOf('/');
        Assert.Contains(key[(slash + 1)..], await ListAsync(key[..(slash + 1)]));
        Assert.Equal([key[..(key.IndexOf('/') + 1)]], await ListAsync(""));

        await Backend.DeleteAsync(key, Ct);
        Assert.Null(await Backend.GetAsync(key, Ct));
    }

    [Fact]
    public async Task Put_KeysThatDifferOnlyInEscapedCharacters_StayDistinct()
    {
        // Catches encodings that map two keys to one storage location.
        string[] keys = ["a", "_a", ".a", "%61", "a%", "A", "a ", "a/", "a/_", "é", "e\u0301"];
        foreach (var key in keys)
        {
            await PutAsync(key, "value of " + key);
        }

        foreach (var key in keys)
        {
            Assert.Equal("value of " + key, await GetTextAsync(key));
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("a/..")]
    [InlineData("..")]
    public async Task Put_KeyWithParentSegments_IsRejectedOrStoredAsOpaqueKey(string key)
    {
        await PutAsync("escape", "untouched");
        await PutAsync("a/escape", "untouched too");

        Exception? rejection = await Record.ExceptionAsync(() => PutAsync(key, "payload"));

        if (rejection is not null)
        {
            Assert.IsAssignableFrom<ArgumentException>(rejection);
            Assert.Null(await Backend.GetAsync(key, Ct));
        }
        else
        {
            Assert.Equal("payload", await GetTextAsync(key));
        }

        // Whatever the choice, no other key was touched.
        Assert.Equal("untouched", await GetTextAsync("escape"));
        Assert.Equal("untouched too", await GetTextAsync("a/escape"));
    }
}
