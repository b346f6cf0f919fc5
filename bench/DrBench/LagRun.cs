using System.Diagnostics;
using System.Text;

namespace Coffer.Bench.DrBench;

/// <summary>
/// Writes at a fixed rate on the primary (open loop: a write is sent at its scheduled time whether or not earlier
/// ones are answered) while two pollers watch the primary's <c>last_wal</c> and the secondary's
/// <c>last_remote_wal</c>. A write's index is bounded above by the first primary <c>last_wal</c> read that starts
/// after its acknowledgement; it is visible on the secondary by the end of the first secondary poll that reports
/// that index or more. Lag = that time minus the acknowledgement, so it errs long, by at most a secondary poll
/// period plus a round trip, and by the shipping of any entries committed between the write and the primary read.
/// </summary>
internal static class LagRun
{
    private const int Keys = 1000;

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"data":{"user":"alice","note":"dr-bench-lag-0123456789abcdef"}}""");

    public static async Task<LagResult> RunAsync(CofferNode primary, CofferNode secondary, int rate, TimeSpan duration, TimeSpan pollInterval, TimeSpan drainTimeout)
    {
        var count = (int)(rate * duration.TotalSeconds);
        var period = (double)Stopwatch.Frequency / rate;
        var scheduled = new long[count];
        var sent = new long[count];
        var acked = new long[count];
        var ok = new bool[count];
        var writes = new Task[count];

        using var primaryPoller = new WalPoller(primary, "last_wal", pollInterval);
        using var secondaryPoller = new WalPoller(secondary, "last_remote_wal", pollInterval);
        primaryPoller.Start();
        secondaryPoller.Start();
        await Task.Delay(200);

        var cpuPrimary = ProcessCpu.Seconds(primary.Pid);
        var cpuSecondary = ProcessCpu.Seconds(secondary.Pid);

        async Task WriteAsync(int i)
        {
            sent[i] = Stopwatch.GetTimestamp();
            ok[i] = await primary.WriteAsync($"secret/data/lag-{i % Keys}", Body);
            acked[i] = Stopwatch.GetTimestamp();
        }

        // A dedicated thread paces the writes: it sleeps in 1 ms steps (no spinning: the machine has two cores) and
        // sends every write whose time has come, so the average rate is exact and each write is late by < ~1 ms.
        var pacer = new Thread(() =>
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                var due = start + (long)(i * period);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.Sleep(1);
                }

                scheduled[i] = due;
                writes[i] = WriteAsync(i);
            }
        })
        { IsBackground = true, Name = "pacer", Priority = ThreadPriority.AboveNormal };
        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(writes);
        var cpuPrimaryUsed = ProcessCpu.Seconds(primary.Pid) - cpuPrimary;
        var cpuSecondaryUsed = ProcessCpu.Seconds(secondary.Pid) - cpuSecondary;

        // Let the pollers see the primary's final index after the last acknowledgement, then the secondary reach it.
        var lastAck = acked.Max();
        var drainUntil = Stopwatch.GetTimestamp() + (long)(drainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < drainUntil
            && (primaryPoller.LastStart < lastAck || secondaryPoller.Latest < primaryPoller.Latest))
        {
            await Task.Delay(10);
        }

        await Task.Delay(50);
        primaryPoller.Stop();
        secondaryPoller.Stop();

        return Analyse(primaryPoller, secondaryPoller, scheduled, sent, acked, ok, cpuPrimaryUsed, cpuSecondaryUsed);
    }

    private static LagResult Analyse(
        WalPoller primaryPoller, WalPoller secondaryPoller, long[] scheduled, long[] sent, long[] acked, bool[] ok, double cpuPrimary, double cpuSecondary)
    {
        var primarySamples = primaryPoller.Samples.Where(s => s.Value >= 0).ToArray();
        var primaryStarts = primarySamples.Select(s => s.Start).ToArray();

        // The secondary's index only grows; a running maximum makes "first poll at or past index N" a binary search.
        var secondarySamples = secondaryPoller.Samples.Where(s => s.Value >= 0).ToArray();
        var reached = new long[secondarySamples.Length];
        for (long i = 0, max = -1; i < secondarySamples.Length; i++)
        {
            max = Math.Max(max, secondarySamples[i].Value);
            reached[i] = max;
        }

        var writeLatencies = new List<double>();
        var lags = new List<double>();
        var late = new List<double>();
        int failed = 0, neverVisible = 0, beforeAck = 0;
        for (var i = 0; i < acked.Length; i++)
        {
            late.Add(Stopwatch.GetElapsedTime(scheduled[i], sent[i]).TotalMilliseconds);
            if (!ok[i])
            {
                failed++;
                continue;
            }

            writeLatencies.Add(Stopwatch.GetElapsedTime(sent[i], acked[i]).TotalMilliseconds);
            var p = Array.BinarySearch(primaryStarts, acked[i]);
            p = p >= 0 ? p : ~p;
            if (p >= primarySamples.Length)
            {
                neverVisible++;
                continue;
            }

            var index = primarySamples[p].Value;
            var s = FirstAtLeast(reached, index);
            if (s >= secondarySamples.Length)
            {
                neverVisible++;
                continue;
            }

            var lag = Stopwatch.GetElapsedTime(acked[i], secondarySamples[s].End).TotalMilliseconds;
            if (secondarySamples[s].End < acked[i])
            {
                beforeAck++;
                lag = 0;
            }

            lags.Add(lag);
        }

        var first = sent.Min();
        var last = sent.Max();
        var span = Stopwatch.GetElapsedTime(first, last).TotalSeconds;
        var primaryResolution = primaryPoller.Resolution();
        var secondaryResolution = secondaryPoller.Resolution();
        return new LagResult(
            acked.Length,
            writeLatencies.Count,
            failed,
            neverVisible,
            beforeAck,
            span > 0 ? (acked.Length - 1) / span : 0,
            Percentiles.Of(late, 99),
            Percentiles.Of(writeLatencies, 50),
            Percentiles.Of(writeLatencies, 99),
            Percentiles.Of(lags, 50),
            Percentiles.Of(lags, 99),
            lags.Count > 0 ? lags.Max() : double.NaN,
            primaryResolution.PeriodMs,
            primaryResolution.RoundTripMs,
            secondaryResolution.PeriodMs,
            secondaryResolution.RoundTripMs,
            primaryPoller.Failures + secondaryPoller.Failures,
            cpuPrimary,
            cpuSecondary);
    }

    private static int FirstAtLeast(long[] ascending, long value)
    {
        int low = 0, high = ascending.Length;
        while (low < high)
        {
            var middle = (low + high) / 2;
            if (ascending[middle] >= value)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
