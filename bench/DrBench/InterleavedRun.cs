using System.Diagnostics;

namespace Coffer.Bench.DrBench;

/// <summary>
/// Compares two states of the servers under one continuous closed-loop write load, switching between them every few
/// seconds: off, on, off, ..., off (or starting on). On a shared machine whose speed drifts by tens of percent over a
/// minute, phases measured a minute apart compare the machine's moods as much as the states; windows seconds apart,
/// many of each, and a sequence symmetric in time (so a steady drift cancels) compare the states.
/// </summary>
/// <remarks>
/// After each switch the load runs on unmeasured for <c>settle</c> (and whatever the switch itself waits for), so a
/// window measures the new state's steady behaviour, not the transition.
/// </remarks>
internal static class InterleavedRun
{
    /// <param name="startOn">The state the servers are in when called; the first and last windows measure it.</param>
    /// <param name="pairs">Windows of the other state; the run measures <c>2 * pairs + 1</c> windows.</param>
    public static async Task<InterleavedResult> RunAsync(
        (string On, string Off) labels,
        CofferNode primary,
        CofferNode secondary,
        int writers,
        int pairs,
        TimeSpan window,
        TimeSpan settle,
        bool startOn,
        Func<Task> switchOn,
        Func<Task> switchOff)
    {
        using var stop = new CancellationTokenSource();
        var acks = new List<long>[writers];
        var failures = 0;
        var measuring = 0;

        async Task WriterAsync(int writer)
        {
            var own = acks[writer] = new List<long>(1 << 16);
            var random = new Random(1000 + writer);
            while (!stop.IsCancellationRequested)
            {
                var ok = await ThroughputRun.WriteOneAsync(primary, random);
                if (ok)
                {
                    own.Add(Stopwatch.GetTimestamp());
                }
                else if (Volatile.Read(ref measuring) == 1)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }

        var load = Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(() => WriterAsync(w))));
        var spans = new List<(bool On, long From, long To, double PrimaryCpu, double SecondaryCpu)>();
        try
        {
            // The first window also gets the load's own warm-up.
            await Task.Delay(settle + settle);
            var on = startOn;
            for (var i = 0; i < 2 * pairs + 1; i++)
            {
                if (i > 0)
                {
                    Volatile.Write(ref measuring, 0);
                    on = !on;
                    await (on ? switchOn() : switchOff());
                    await Task.Delay(settle);
                }

                Volatile.Write(ref measuring, 1);
                var from = Stopwatch.GetTimestamp();
                var primaryCpu = ProcessCpu.Seconds(primary.Pid);
                var secondaryCpu = ProcessCpu.Seconds(secondary.Pid);
                await Task.Delay(window);
                spans.Add((on, from, Stopwatch.GetTimestamp(), ProcessCpu.Seconds(primary.Pid) - primaryCpu, ProcessCpu.Seconds(secondary.Pid) - secondaryCpu));
            }
        }
        finally
        {
            await stop.CancelAsync();
            await load;
        }

        var all = acks.SelectMany(a => a).Order().ToArray();
        var windows = spans.Select(s => new InterleavedWindow(
            s.On,
            CountBetween(all, s.From, s.To),
            Stopwatch.GetElapsedTime(s.From, s.To).TotalSeconds,
            s.PrimaryCpu,
            s.SecondaryCpu)).ToList();
        return new InterleavedResult(labels.On, labels.Off, windows, failures);
    }

    private static int CountBetween(long[] sorted, long from, long to) => LowerBound(sorted, to) - LowerBound(sorted, from);

    private static int LowerBound(long[] sorted, long value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }
}
