namespace Coffer.Raft.Tests.Storage;

/// <summary>ListAsync: direct children, folders marked with '/', ordinal order.</summary>
public sealed partial class RaftConformanceTests
{
    private async Task PutAllAsync(params string[] keys)
    {
        foreach (var key in keys)
        {
            await PutAsync(key, key);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task List_FolderPrefix_ReturnsDirectChildrenWithFoldersMarked()
    {
        await PutAllAsync("sys/policy/default", "sys/policy/root", "sys/token/id/h1", "sys/token/id/h2", "sys/token/accessor/a1", "sys/counter", "top");

        Assert.Equal(["sys/", "top"], await ListAsync(""));
        Assert.Equal(["counter", "policy/", "token/"], await ListAsync("sys/"));
        Assert.Equal(["accessor/", "id/"], await ListAsync("sys/token/"));
        Assert.Equal(["h1", "h2"], await ListAsync("sys/token/id/"));
        Assert.Empty(await ListAsync("nothing/"));
    }

    [Fact(Timeout = 30_000)]
    public async Task List_KeyAndFolderWithSameName_ReturnsBoth()
    {
        await PutAllAsync("a", "a/b", "a/c/d");

        Assert.Equal(["a", "a/"], await ListAsync(""));
        Assert.Equal(["b", "c/"], await ListAsync("a/"));
    }

    [Fact(Timeout = 30_000)]
    public async Task List_Always_SortsOrdinally()
    {
        await PutAllAsync("k/b", "k/a-", "k/a/x", "k/a0", "k/B", "k/_u", "k/é", "k/日", "k/a", "k/Z/1");

        Assert.Equal(["B", "Z/", "_u", "a", "a-", "a/", "a0", "b", "é", "日"], await ListAsync("k/"));
    }

    [Fact(Timeout = 30_000)]
    public async Task List_PrefixInsideASegment_ReturnsRemaindersCutAtSlash()
    {
        await PutAllAsync("app/foo", "app/food/bar", "app/fob", "app/fo", "app/g", "apple");

        Assert.Equal(["b", "o", "od/"], await ListAsync("app/fo"));
        Assert.Equal(["/", "le"], await ListAsync("app"));
    }
}
