using System.Diagnostics;
using System.Text;

namespace Coffer.Bench.DrBench;

/// <summary>
/// The primary's write capacity: <c>writers</c> closed-loop clients each write a KV v2 secret (one of 1,000 keys,
/// as many clients writing their own secrets) as soon as the previous one is acknowledged. A warm-up precedes the
/// measured window; only acknowledgements inside the window count.
/// </summary>
internal static class ThroughputRun
{
    internal const int Keys = 1000;

    internal static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"data":{"user":"alice","note":"dr-bench-throughput-0123456789"}}""");

    public static async Task<ThroughputResult> RunAsync(string label, CofferNode primary, CofferNode secondary, int writers, TimeSpan warmup, TimeSpan duration)
    {
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var end = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var cpuPrimary = 0.0;
        var cpuSecondary = 0.0;
        var cpuTaken = 0;
        var latencies = new List<double>[writers];
        var failures = 0;

        async Task WriterAsync(int writer)
        {
            var own = latencies[writer] = new List<double>(4096);
            var random = new Random(writer);
            while (true)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= end)
                {
                    return;
                }

                if (sent >= measureFrom && Interlocked.Exchange(ref cpuTaken, 1) == 0)
                {
                    cpuPrimary = ProcessCpu.Seconds(primary.Pid);
                    cpuSecondary = ProcessCpu.Seconds(secondary.Pid);
                }

                var ok = await WriteOneAsync(primary, random);
                var acked = Stopwatch.GetTimestamp();
                if (acked < measureFrom || acked >= end)
                {
                    continue;
                }

                if (ok)
                {
                    own.Add(Stopwatch.GetElapsedTime(sent, acked).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(w))));
        var all = latencies.SelectMany(l => l).ToList();
        return new ThroughputResult(
            label,
            all.Count / duration.TotalSeconds,
            Percentiles.Of(all, 50),
            Percentiles.Of(all, 99),
            failures,
            ProcessCpu.Seconds(primary.Pid) - cpuPrimary,
            ProcessCpu.Seconds(secondary.Pid) - cpuSecondary,
            duration.TotalSeconds);
    }

    /// <summary>One KV v2 write of a random key of the <see cref="Keys"/>; true when it was acknowledged.</summary>
    internal static Task<bool> WriteOneAsync(CofferNode primary, Random random) =>
        primary.WriteAsync($"secret/data/tp-{random.Next(Keys)}", Body);
}
