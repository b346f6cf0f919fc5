using System.Diagnostics;

namespace Coffer.Core.Telemetry;

/// <summary>
/// Count, total and maximum of one series of timings, kept with interlocked updates only. Hot paths (every storage
/// operation) record here for the price of a timestamp and three atomics; exporters read it when scraped.
/// </summary>
public sealed class LatencySummary(string name, IReadOnlyList<KeyValuePair<string, object?>> labels)
{
    private long _count;
    private long _totalTicks;
    private long _maxTicks;

    public string Name => name;

    public IReadOnlyList<KeyValuePair<string, object?>> Labels => labels;

    public long Count => Interlocked.Read(ref _count);

    public double TotalMilliseconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _totalTicks)).TotalMilliseconds;

    public double MaxMilliseconds => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _maxTicks)).TotalMilliseconds;

    /// <summary>Records the time since <paramref name="startTimestamp"/> (a <see cref="Stopwatch.GetTimestamp"/>).</summary>
    public void Record(long startTimestamp)
    {
        var ticks = Stopwatch.GetTimestamp() - startTimestamp;
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _totalTicks, ticks);
        var max = Interlocked.Read(ref _maxTicks);
        while (ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxTicks, ticks, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }
}
