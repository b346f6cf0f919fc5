using Coffer.Sdk.Physical;
using Xunit;

namespace Coffer.Testing.Storage;

/// <summary>CommitAsync: every operation applied, in order.</summary>
public abstract partial class PhysicalBackendConformance
{
    [Fact]
    public async Task Commit_SeveralPutsAndDeletes_AllApplied()
    {
        await PutAsync("old/1", "x");
        await PutAsync("old/2", "y");

        await Backend.CommitAsync(
            [
                PhysicalOperation.Put("new/1", Bytes("a")),
                PhysicalOperation.Delete("old/1"),
                PhysicalOperation.Put("new/deep/2", Bytes("b")),
                PhysicalOperation.Delete("never/existed"),
            ],
            Ct);

        Assert.Equal("a", await GetTextAsync("new/1"));
        Assert.Equal("b", await GetTextAsync("new/deep/2"));
        Assert.Null(await GetTextAsync("old/1"));
        Assert.Equal("y", await GetTextAsync("old/2"));
        Assert.Equal(["new/", "old/"], await ListAsync(""));
    }

    [Fact]
    public async Task Commit_TwoPutsOfOneKey_LastWins()
    {
        await Backend.CommitAsync([PhysicalOperation.Put("k", Bytes("first")), PhysicalOperation.Put("k", Bytes("second"))], Ct);

        Assert.Equal("second", await GetTextAsync("k"));
    }

    [Fact]
    public async Task Commit_DeleteThenPutOfOneKey_KeyHasNewValue()
    {
        await PutAsync("k", "old");

        await Backend.CommitAsync([PhysicalOperation.Delete("k"), PhysicalOperation.Put("k", Bytes("new"))], Ct);

        Assert.Equal("new", await GetTextAsync("k"));
    }

    [Fact]
    public async Task Commit_PutThenDeleteOfOneKey_KeyIsGone()
    {
        await PutAsync("k", "old");

        await Backend.CommitAsync([PhysicalOperation.Put("k", Bytes("new")), PhysicalOperation.Delete("k")], Ct);

        Assert.Null(await Backend.GetAsync("k", Ct));
        Assert.Empty(await ListAsync(""));
    }

    [Fact]
    public async Task Commit_NoOperations_ChangesNothing()
    {
        await PutAsync("k", "v");

        await Backend.CommitAsync([], Ct);

        Assert.Equal("v", await GetTextAsync("k"));
        Assert.Equal(["k"], await ListAsync(""));
    }

    [Fact]
    public async Task Commit_EmptyAndLargeValues_StoredExactly()
    {
        var large = new byte[3 * 1024 * 1024 + 7];
        new Random(7).NextBytes(large);

        await Backend.CommitAsync([PhysicalOperation.Put("empty", []), PhysicalOperation.Put("large", large)], Ct);

        var empty = await Backend.GetAsync("empty", Ct);
        var stored = await Backend.GetAsync("large", Ct);
        Assert.NotNull(empty);
        Assert.Empty(empty.Value);
        Assert.NotNull(stored);
        Assert.True(large.AsSpan().SequenceEqual(stored.Value), "the large value came back different");
    }

    [Fact]
    public async Task Commit_NullOperationAmongValidOnes_ThrowsAndAppliesNothing()
    {
        await PutAsync("existing", "kept");

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Backend.CommitAsync(
            [PhysicalOperation.Put("a", Bytes("1")), PhysicalOperation.Delete("existing"), null!],
            Ct));

        Assert.Null(await Backend.GetAsync("a", Ct));
        Assert.Equal("kept", await GetTextAsync("existing"));
    }

    [Fact]
    public async Task Commit_CallerMutatesValueAfterwards_StoredValueUnchanged()
    {
        var value = Bytes("original");
        var operations = new List<PhysicalOperation> { PhysicalOperation.Put("k", value) };

        await Backend.CommitAsync(operations, Ct);
        value[0] = (byte)'X';
        operations.Clear();

        Assert.Equal("original", await GetTextAsync("k"));
    }
}
