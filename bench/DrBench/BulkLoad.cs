using System.Diagnostics;
using System.Text;

namespace Coffer.Bench.DrBench;

/// <summary>
/// Fills a KV version 1 mount with <c>entries</c> secrets (one storage key each, spread over 256 folders) using
/// <c>writers</c> concurrent clients. Returns the seconds it took; any failed write is fatal.
/// </summary>
internal static class BulkLoad
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"user":"alice","note":"dr-bench-reindex-0123456789abcdef"}""");

    public static async Task<double> RunAsync(CofferNode primary, string mount, int entries, int writers)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();

        async Task WriterAsync()
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < entries)
            {
                if (!await primary.WriteAsync($"{mount}/k{i % 256:x2}/e{i}", Body))
                {
                    throw new InvalidOperationException($"loading entry {i} into {mount}/ failed");
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, writers).Select(_ => Task.Run(WriterAsync)));
        return Stopwatch.GetElapsedTime(started).TotalSeconds;
    }
}
