using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Coffer.Bench.DrBench;

/// <summary>
/// Times a copy of the primary's data to the secondary by watching the secondary's <c>sys/replication/dr/status</c>
/// every few milliseconds: <c>reindex_in_progress</c>, <c>reindex_building_progress</c> / <c>_total</c>, and the
/// return to <c>stream-wals</c> with a new <c>last_reindex_epoch</c>.
/// </summary>
internal static class ReindexRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    public static async Task<ReindexResult> MeasureAsync(string label, CofferNode secondary, Func<Task> trigger, TimeSpan timeout)
    {
        var before = await TryStatusAsync(secondary);
        var epochBefore = (string?)before?["last_reindex_epoch"] ?? "0";
        var started = Stopwatch.GetTimestamp();
        await trigger();

        long total = 0;
        long copyStarted = 0, copyEnded = 0;
        var seenInProgress = false;
        JsonObject? last = null;
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            var status = await TryStatusAsync(secondary);
            var now = Stopwatch.GetTimestamp();
            if (status is not null)
            {
                last = status;
                var inProgress = (bool?)status["reindex_in_progress"] ?? false;
                if (inProgress)
                {
                    seenInProgress = true;
                    var done = (long?)status["reindex_building_progress"] ?? 0;
                    total = Math.Max(total, (long?)status["reindex_building_total"] ?? 0);
                    if (done > 0 && copyStarted == 0)
                    {
                        copyStarted = now;
                    }

                    if (total > 0 && done >= total && copyEnded == 0)
                    {
                        copyEnded = now;
                    }
                }
                else if ((string?)status["state"] == "stream-wals"
                    && (string?)status["last_reindex_epoch"] is { } epoch && epoch != "0"
                    && (seenInProgress || epoch != epochBefore))
                {
                    if (copyEnded == 0)
                    {
                        copyEnded = now;
                    }

                    return new ReindexResult(
                        label,
                        total,
                        Stopwatch.GetElapsedTime(started, now).TotalSeconds,
                        copyStarted == 0 ? double.NaN : Stopwatch.GetElapsedTime(started, copyStarted).TotalSeconds,
                        copyStarted == 0 ? double.NaN : Stopwatch.GetElapsedTime(copyStarted, copyEnded).TotalSeconds,
                        Completed: true);
                }
            }

            await Task.Delay(PollInterval);
        }

        Console.Error.WriteLine($"{label} unfinished after {timeout}; the secondary's last status: {last?.ToJsonString()}");
        return new ReindexResult(label, total, Stopwatch.GetElapsedTime(started).TotalSeconds, double.NaN, double.NaN, Completed: false);
    }

    private static async Task<JsonObject?> TryStatusAsync(CofferNode node)
    {
        try
        {
            return await node.DrStatusAsync();
        }
        catch (Exception e) when (e is HttpRequestException or InvalidOperationException or TaskCanceledException)
        {
            // A secondary restarting its replicator, or busy wiping, may not answer for a moment.
            return null;
        }
    }
}
