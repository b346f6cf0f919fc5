using Coffer.Sdk.Physical;
using Xunit;

namespace Coffer.Testing.Storage;

/// <summary>Durable backends: a new instance over the same storage sees everything acknowledged.</summary>
public abstract partial class PhysicalBackendConformance
{
    [Fact]
    public async Task Reopen_AfterPutsDeletesAndCommits_SeesEveryAcknowledgedChange()
    {
        var large = new byte[2 * 1024 * 1024];
        new Random(3).NextBytes(large);
        await PutAsync("core/seal", "sealed config");
        await PutAsync("core/keyring", "v1");
        await PutAsync("core/keyring", "v2");
        await PutAsync("gone", "soon deleted");
        await Backend.DeleteAsync("gone", Ct);
        await Backend.PutAsync(new PhysicalEntry("empty", []), Ct);
        await Backend.PutAsync(new PhysicalEntry("large", large), Ct);
        await PutAsync("odd/with space/clé %", "odd");
        await Backend.CommitAsync(
            [PhysicalOperation.Put("tx/a", Bytes("A")), PhysicalOperation.Delete("core/seal"), PhysicalOperation.Put("tx/b", Bytes("B"))],
            Ct);

        await ReopenBackendAsync();

        Assert.Equal("v2", await GetTextAsync("core/keyring"));
        Assert.Null(await Backend.GetAsync("core/seal", Ct));
        Assert.Null(await Backend.GetAsync("gone", Ct));
        Assert.Equal("A", await GetTextAsync("tx/a"));
        Assert.Equal("B", await GetTextAsync("tx/b"));
        Assert.Equal("odd", await GetTextAsync("odd/with space/clé %"));
        var empty = await Backend.GetAsync("empty", Ct);
        Assert.NotNull(empty);
        Assert.Empty(empty.Value);
        var stored = await Backend.GetAsync("large", Ct);
        Assert.NotNull(stored);
        Assert.True(large.AsSpan().SequenceEqual(stored.Value), "the large value came back different");
        Assert.Equal(["core/", "empty", "large", "odd/", "tx/"], await ListAsync(""));
        Assert.Equal(["keyring"], await ListAsync("core/"));
    }

    [Fact]
    public async Task Reopen_Twice_KeepsWorkingAndKeepsData()
    {
        await PutAsync("a", "1");
        await ReopenBackendAsync();
        await PutAsync("b", "2");
        await ReopenBackendAsync();

        Assert.Equal("1", await GetTextAsync("a"));
        Assert.Equal("2", await GetTextAsync("b"));
        Assert.Equal(["a", "b"], await ListAsync(""));
    }
}
