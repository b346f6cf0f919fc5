using System.Diagnostics;

namespace Coffer.Bench.DrBench;

/// <summary>
/// Waits for a server to finish background work (snapshots, collections, compilation) before a phase is measured.
/// After a bulk load the primary keeps busy for seconds; a phase that starts at once pays for it, and the DR-disabled
/// baseline it gives is no longer comparable with the later phases.
/// </summary>
internal static class QuietWait
{
    /// <summary>Below this share of one core over <see cref="Window"/>, the process counts as quiet.</summary>
    private const double QuietShare = 0.05;

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);

    /// <summary>Waits until <paramref name="pid"/> uses less than 5 % of a core for one second; returns how long that took.</summary>
    /// <exception cref="TimeoutException">The process was still busy after <paramref name="patience"/>.</exception>
    public static async Task<TimeSpan> UntilQuietAsync(int pid, TimeSpan patience)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var before = ProcessCpu.Seconds(pid);
            await Task.Delay(Window);
            var used = ProcessCpu.Seconds(pid) - before;
            if (double.IsNaN(used) || used < QuietShare * Window.TotalSeconds)
            {
                return clock.Elapsed;
            }

            if (clock.Elapsed > patience)
            {
                throw new TimeoutException($"process {pid} still used {used / Window.TotalSeconds:P0} of a core after {patience}");
            }
        }
    }
}
