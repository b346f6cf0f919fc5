using Coffer.Sdk.Physical;
using Xunit;

namespace Coffer.Testing.Storage;

/// <summary>ListAsync as documented on <see cref="IPhysicalBackend.ListAsync"/>, and paging over it.</summary>
public abstract partial class PhysicalBackendConformance
{
    private async Task PutAllAsync(params string[] keys)
    {
        foreach (var key in keys)
        {
            await PutAsync(key, key);
        }
    }

    [Fact]
    public async Task List_EmptyStore_ReturnsEmpty()
    {
        Assert.Empty(await ListAsync(""));
        Assert.Empty(await ListAsync("sys/"));
    }

    [Fact]
    public async Task List_EmptyPrefix_ReturnsTopLevelKeysAndFolders()
    {
        await PutAllAsync("core/seal", "core/keyring", "logical/abc/x", "top");

        Assert.Equal(["core/", "logical/", "top"], await ListAsync(""));
    }

    [Fact]
    public async Task List_FolderPrefix_ReturnsDirectChildrenOnlyWithFoldersMarked()
    {
        await PutAllAsync("sys/policy/default", "sys/policy/root", "sys/token/id/h1", "sys/token/id/h2", "sys/token/accessor/a1", "sys/counter");

        Assert.Equal(["counter", "policy/", "token/"], await ListAsync("sys/"));
        Assert.Equal(["accessor/", "id/"], await ListAsync("sys/token/"));
        Assert.Equal(["h1", "h2"], await ListAsync("sys/token/id/"));
    }

    [Fact]
    public async Task List_KeyAndFolderWithSameName_ReturnsBoth()
    {
        await PutAllAsync("a", "a/b", "a/c/d");

        Assert.Equal(["a", "a/"], await ListAsync(""));
        Assert.Equal(["b", "c/"], await ListAsync("a/"));
    }

    [Fact]
    public async Task List_ManyKeysInOneFolder_ReturnsFolderOnce()
    {
        for (var i = 0; i < 50; i++)
        {
            await PutAsync($"f/{i}", "v");
            await PutAsync($"f/{i}/nested", "v");
        }

        Assert.Equal(["f/"], await ListAsync(""));
        var children = await ListAsync("f/");
        Assert.Equal(100, children.Count);
        Assert.Equal(children.Distinct().Count(), children.Count);
    }

    [Fact]
    public async Task List_Always_SortsOrdinally()
    {
        // Ordinal order: '-' (0x2D) < '/' (0x2F) < '0' < 'A' < '_' < 'a' < 'é' < '日'.
        string[] keys = ["k/b", "k/a-", "k/a/x", "k/a0", "k/B", "k/_u", "k/é", "k/日", "k/a", "k/Z/1"];
        await PutAllAsync(keys);

        Assert.Equal(["B", "Z/", "_u", "a", "a-", "a/", "a0", "b", "é", "日"], await ListAsync("k/"));
    }

    [Fact]
    public async Task List_PrefixInsideASegment_ReturnsRemaindersCutAtSlash()
    {
        await PutAllAsync("app/foo", "app/food/bar", "app/fob", "app/fo", "app/g", "apple");

        Assert.Equal(["b", "o", "od/"], await ListAsync("app/fo"));
        Assert.Equal(["/", "le"], await ListAsync("app"));
    }

    [Fact]
    public async Task List_PrefixWithoutTrailingSlashMatchingAFolder_ReturnsSlash()
    {
        await PutAllAsync("dir/a", "dir/b");

        Assert.Equal(["/"], await ListAsync("dir"));
    }

    [Fact]
    public async Task List_PrefixEqualToAKey_DoesNotListTheKeyItself()
    {
        await PutAllAsync("exact", "exactly");

        Assert.Equal(["ly"], await ListAsync("exact"));
    }

    [Fact]
    public async Task List_MissingPrefix_ReturnsEmpty()
    {
        await PutAllAsync("a/b");

        Assert.Empty(await ListAsync("b/"));
        Assert.Empty(await ListAsync("a/b/"));
        Assert.Empty(await ListAsync("a/c/d/"));
    }

    [Fact]
    public async Task List_AfterDeletingLastKeyOfAFolder_FolderDisappears()
    {
        await PutAllAsync("gone/deep/er/key", "kept/key");

        await Backend.DeleteAsync("gone/deep/er/key", Ct);

        Assert.Equal(["kept/"], await ListAsync(""));
        Assert.Empty(await ListAsync("gone/"));
        Assert.Empty(await ListAsync("gone/deep/"));
    }

    [Fact]
    public async Task List_UnusualCharacters_ReturnsThemDecoded()
    {
        await PutAllAsync("u/with space", "u/100%", "u/clé/x", "u/.hidden", "u/_under", "u/a:b");

        Assert.Equal([".hidden", "100%", "_under", "a:b", "clé/", "with space"], await ListAsync("u/"));
    }

    [Fact]
    public async Task ListPage_SmallLimit_WalksEveryChildExactlyOnce()
    {
        for (var i = 0; i < 23; i++)
        {
            await PutAsync($"p/{i:D2}", "v");
        }

        await PutAsync("p/sub/x", "v");
        var all = await ListAsync("p/");

        var walked = new List<string>();
        var after = "";
        while (true)
        {
            var page = await Backend.ListPageAsync("p/", after, 5, Ct);
            Assert.True(page.Count <= 5);
            if (page.Count == 0)
            {
                break;
            }

            walked.AddRange(page);
            after = page[^1];
        }

        Assert.Equal(24, all.Count);
        Assert.Equal(all, walked);
    }

    [Fact]
    public async Task ListPage_NoLimit_ReturnsEverythingAfterTheCursor()
    {
        await PutAllAsync("q/a", "q/b", "q/c/d", "q/e");

        Assert.Equal(["a", "b", "c/", "e"], await Backend.ListPageAsync("q/", "", 0, Ct));
        Assert.Equal(["c/", "e"], await Backend.ListPageAsync("q/", "b", -1, Ct));
        Assert.Equal(["e"], await Backend.ListPageAsync("q/", "c/", 10, Ct));
        Assert.Empty(await Backend.ListPageAsync("q/", "e", 10, Ct));
    }
}
