using Coffer.Sdk.Physical;

namespace Coffer.Raft.Tests.Storage;

/// <summary>CommitAsync: every operation applied, in order, as one replicated entry.</summary>
public sealed partial class RaftConformanceTests
{
    [Fact(Timeout = 30_000)]
    public async Task Commit_SeveralPutsAndDeletes_AllApplied()
    {
        await PutAsync("old/1", "x");
        await PutAsync("old/2", "y");
        var indexBefore = Backend.AppliedIndex;

        await Backend.CommitAsync(
            [
                PhysicalOperation.Put("new/1", Bytes("a")),
                PhysicalOperation.Delete("old/1"),
                PhysicalOperation.Put("new/deep/2", Bytes("b")),
                PhysicalOperation.Delete("never/existed"),
            ],
            Ct);

        Assert.Equal(indexBefore + 1, Backend.AppliedIndex);
        Assert.Equal("a", await TextAsync("new/1"));
        Assert.Equal("b", await TextAsync("new/deep/2"));
        Assert.Null(await TextAsync("old/1"));
        Assert.Equal("y", await TextAsync("old/2"));
        Assert.Equal(["new/", "old/"], await ListAsync(""));
    }

    [Fact(Timeout = 30_000)]
    public async Task Commit_SameKeyTwice_OperationsApplyInOrder()
    {
        await PutAsync("d", "old");
        await Backend.CommitAsync([PhysicalOperation.Put("k", Bytes("first")), PhysicalOperation.Put("k", Bytes("second"))], Ct);
        await Backend.CommitAsync([PhysicalOperation.Delete("d"), PhysicalOperation.Put("d", Bytes("new"))], Ct);
        await Backend.CommitAsync([PhysicalOperation.Put("p", Bytes("new")), PhysicalOperation.Delete("p")], Ct);

        Assert.Equal("second", await TextAsync("k"));
        Assert.Equal("new", await TextAsync("d"));
        Assert.Null(await TextAsync("p"));
    }

    [Fact(Timeout = 30_000)]
    public async Task Commit_NoOperations_ChangesNothing()
    {
        await PutAsync("k", "v");
        var index = Backend.AppliedIndex;

        await Backend.CommitAsync([], Ct);

        Assert.Equal(index, Backend.AppliedIndex);
        Assert.Equal(["k"], await ListAsync(""));
    }

    [Fact(Timeout = 60_000)]
    public async Task Commit_EmptyAndLargeValues_StoredExactly()
    {
        var large = new byte[3 * 1024 * 1024 + 7];
        new Random(7).NextBytes(large);

        await Backend.CommitAsync([PhysicalOperation.Put("empty", []), PhysicalOperation.Put("large", large)], TestContext.Current.CancellationToken);

        Assert.Empty((await Backend.GetAsync("empty", Ct))!.Value);
        var stored = (await Backend.GetAsync("large", Ct))!.Value;
        Assert.True(large.AsSpan().SequenceEqual(stored), "the large value came back different");
    }
}
