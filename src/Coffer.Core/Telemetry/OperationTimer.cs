using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coffer.Core.Telemetry;

/// <summary>Records how long an asynchronous operation took, whether it succeeded or failed.</summary>
internal static class OperationTimer
{
    public static async Task<T> TimeAsync<T>(Histogram<double> histogram, KeyValuePair<string, object?>[] tags, Func<Task<T>> operation)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return await operation().ConfigureAwait(false);
        }
        finally
        {
            histogram.Record(Stopwatch.GetElapsedTime(start).TotalMilliseconds, tags);
        }
    }

    public static Task TimeAsync(Histogram<double> histogram, KeyValuePair<string, object?>[] tags, Func<Task> operation) =>
        TimeAsync(histogram, tags, async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        });
}
