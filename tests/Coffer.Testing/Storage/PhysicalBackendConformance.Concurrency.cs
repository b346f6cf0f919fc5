using Coffer.Sdk.Physical;
using Xunit;

namespace Coffer.Testing.Storage;

/// <summary>Many callers at once: nothing lost, nothing torn, commits stay whole.</summary>
public abstract partial class PhysicalBackendConformance
{
    private const int Workers = 8;

    private static Task RunWorkersAsync(int count, Func<int, Task> work) =>
        Task.WhenAll(Enumerable.Range(0, count).Select(i => Task.Run(() => work(i), Ct)));

    [Fact]
    public async Task ConcurrentPuts_DistinctKeys_AllPresentAfterwards()
    {
        const int perWorker = 20;

        await RunWorkersAsync(Workers, async worker =>
        {
            for (var i = 0; i < perWorker; i++)
            {
                await PutAsync($"w/{worker}/{i}", $"{worker}:{i}");
            }
        });

        Assert.Equal(Enumerable.Range(0, Workers).Select(w => $"{w}/").Order(StringComparer.Ordinal), await ListAsync("w/"));
        for (var worker = 0; worker < Workers; worker++)
        {
            Assert.Equal(perWorker, (await ListAsync($"w/{worker}/")).Count);
            for (var i = 0; i < perWorker; i++)
            {
                Assert.Equal($"{worker}:{i}", await GetTextAsync($"w/{worker}/{i}"));
            }
        }
    }

    [Fact]
    public async Task ConcurrentPutsAndGets_OneKey_ReadersNeverSeeAPartialValue()
    {
        // Each writer fills a large value with its own byte; any mixture, truncation or
        // missing entry seen by a reader is a torn write.
        const int size = 256 * 1024;
        await Backend.PutAsync(new PhysicalEntry("hot", Filled(255, size)), Ct);
        using var writersDone = new CancellationTokenSource();
        var torn = 0;

        var readers = RunWorkersAsync(3, async _ =>
        {
            while (!writersDone.IsCancellationRequested)
            {
                var entry = await Backend.GetAsync("hot", Ct);
                if (entry is null || entry.Value.Length != size || entry.Value.AsSpan().ContainsAnyExcept(entry.Value[0]))
                {
                    Interlocked.Increment(ref torn);
                }
            }
        });

        try
        {
            await RunWorkersAsync(4, async worker =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await Backend.PutAsync(new PhysicalEntry("hot", Filled((byte)worker, size)), Ct);
                }
            });
        }
        finally
        {
            await writersDone.CancelAsync();
            await readers;
        }

        Assert.Equal(0, torn);
        var final = await Backend.GetAsync("hot", Ct);
        Assert.NotNull(final);
        Assert.InRange(final.Value[0], 0, 3);
        Assert.False(final.Value.AsSpan().ContainsAnyExcept(final.Value[0]));
    }

    [Fact]
    public async Task ConcurrentCommits_SharedKeys_FinalStateComesFromOneCommit()
    {
        string[] keys = ["t/a", "t/b/c", "t/d"];

        await RunWorkersAsync(Workers, async worker =>
        {
            for (var round = 0; round < 4; round++)
            {
                var value = Bytes($"{worker}.{round}");
                await Backend.CommitAsync([.. keys.Select(k => PhysicalOperation.Put(k, value))], Ct);
            }
        });

        var values = new List<string?>();
        foreach (var key in keys)
        {
            values.Add(await GetTextAsync(key));
        }

        Assert.NotNull(values[0]);
        Assert.All(values, v => Assert.Equal(values[0], v));
    }

    [Fact]
    public async Task ConcurrentMixedOperations_ListingNeverFails_FinalStateAsWritten()
    {
        using var writersDone = new CancellationTokenSource();
        var listers = RunWorkersAsync(2, async _ =>
        {
            while (!writersDone.IsCancellationRequested)
            {
                foreach (var child in await ListAsync("m/"))
                {
                    Assert.Matches("^[0-9]+/$", child);
                }
            }
        });

        try
        {
            await RunWorkersAsync(Workers, async worker =>
            {
                for (var i = 0; i < 10; i++)
                {
                    await PutAsync($"m/{worker}/keep/{i}", "k");
                    await PutAsync($"m/{worker}/drop/{i}", "d");
                    await Backend.DeleteAsync($"m/{worker}/drop/{i}", Ct);
                }

                await Backend.CommitAsync([PhysicalOperation.Delete($"m/{worker}/keep/0"), PhysicalOperation.Put($"m/{worker}/done", Bytes("yes"))], Ct);
            });
        }
        finally
        {
            await writersDone.CancelAsync();
            await listers;
        }

        for (var worker = 0; worker < Workers; worker++)
        {
            Assert.Equal(["done", "keep/"], await ListAsync($"m/{worker}/"));
            Assert.Equal(9, (await ListAsync($"m/{worker}/keep/")).Count);
        }
    }

    private static byte[] Filled(byte fill, int size)
    {
        var value = new byte[size];
        value.AsSpan().Fill(fill);
        return value;
    }
}
