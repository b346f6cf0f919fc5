using System.Diagnostics;

namespace Coffer.Replication.Tests.Support;

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds, failing with <paramref name="describe"/> after the timeout.</summary>
    public static async Task HoldsAsync(Func<bool> condition, Func<string> describe, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > limit)
            {
                Assert.Fail($"condition not met within {limit}: {describe()}");
            }

            await Task.Delay(20);
        }
    }
}
