using Coffer.Sdk.Physical;

namespace Coffer.Raft.Tests.Storage;

/// <summary>Many callers at once: nothing lost, commits stay whole; then the same after a restart.</summary>
public sealed partial class RaftConformanceTests
{
    private static Task RunWorkersAsync(int count, Func<int, Task> work) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => work(i), Ct)));

    [Fact(Timeout = 60_000)]
    public async Task ConcurrentPutsAndCommits_AllPresentAndEachCommitWhole()
    {
        string[] shared = ["t/a", "t/b/c", "t/d"];

        await RunWorkersAsync(8, async worker =>
        {
            for (var i = 0; i < 20; i++)
            {
                await PutAsync($"w/{worker}/{i}", $"{worker}:{i}");
                var value = Bytes($"{worker}.{i}");
                await Backend.CommitAsync([.. shared.Select(k => PhysicalOperation.Put(k, value))], Ct);
            }
        });

        for (var worker = 0; worker < 8; worker++)
        {
            Assert.Equal(20, (await ListAsync($"w/{worker}/")).Count);
            Assert.Equal($"{worker}:19", await TextAsync($"w/{worker}/19"));
        }

        var finals = new List<string?>();
        foreach (var key in shared)
        {
            finals.Add(await TextAsync(key));
        }

        Assert.NotNull(finals[0]);
        Assert.All(finals, v => Assert.Equal(finals[0], v));
    }

    [Fact(Timeout = 60_000)]
    public async Task Reopen_AfterPutsDeletesAndCommits_SeesEveryAcknowledgedChange()
    {
        var large = new byte[2 * 1024 * 1024];
        new Random(3).NextBytes(large);
        await PutAsync("core/seal", "sealed config");
        await PutAsync("core/keyring", "v1");
        await PutAsync("core/keyring", "v2");
        await PutAsync("gone", "soon deleted");
        await Backend.DeleteAsync("gone", Ct);
        await Backend.PutAsync(new PhysicalEntry("large", large), Ct);
        await PutAsync("odd/with space/clé %", "odd");
        await Backend.CommitAsync([PhysicalOperation.Put("tx/a", Bytes("A")), PhysicalOperation.Delete("core/seal")], Ct);

        await ReopenAsync();
        await PutAsync("after", "first reopen");
        await ReopenAsync();

        Assert.Equal("v2", await TextAsync("core/keyring"));
        Assert.Null(await Backend.GetAsync("core/seal", Ct));
        Assert.Null(await Backend.GetAsync("gone", Ct));
        Assert.Equal("A", await TextAsync("tx/a"));
        Assert.Equal("odd", await TextAsync("odd/with space/clé %"));
        Assert.Equal("first reopen", await TextAsync("after"));
        var stored = (await Backend.GetAsync("large", Ct))!.Value;
        Assert.True(large.AsSpan().SequenceEqual(stored), "the large value came back different");
        Assert.Equal(["after", "core/", "large", "odd/", "tx/"], await ListAsync(""));
    }

    [Fact(Timeout = 60_000)]
    public async Task Reopen_AfterSnapshot_RestoresFromSnapshotAndLog()
    {
        for (var i = 0; i < 100; i++)
        {
            await PutAsync($"s/{i:D3}", $"v{i}");
        }

        var snapshotIndex = await Backend.SnapshotNowAsync();
        await Backend.DeleteAsync("s/000", Ct);
        await PutAsync("s/after", "x");

        await ReopenAsync();

        Assert.True(snapshotIndex >= 100);
        Assert.Equal(100, (await ListAsync("s/")).Count);
        Assert.Null(await TextAsync("s/000"));
        Assert.Equal("v99", await TextAsync("s/099"));
        Assert.Equal("x", await TextAsync("s/after"));
    }
}
