using System.Diagnostics;
using Coffer.Sdk.Errors;

namespace Coffer.Raft.Tests.Infrastructure;

/// <summary>For nodes that must stop serving reads: reads until one is refused, and checks how and how soon.</summary>
internal static class ReadRefusal
{
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Reads <paramref name="key"/> every <paramref name="pause"/> (a node may answer for a moment before it notices)
    /// and asserts the first refusal is <see cref="ErrorKind.Unavailable"/>, within <paramref name="limit"/>.
    /// </summary>
    public static async Task AssertUnavailableWithinAsync(RaftBackend node, string key, TimeSpan limit, TimeSpan pause)
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<CofferException>(async () =>
        {
            while (clock.Elapsed < GiveUp)
            {
                await node.GetAsync(key, ct);
                await Task.Delay(pause, ct);
            }
        });

        Assert.Equal(ErrorKind.Unavailable, error.Kind);
        Assert.True(clock.Elapsed < limit, $"took {clock.Elapsed}");
    }
}
