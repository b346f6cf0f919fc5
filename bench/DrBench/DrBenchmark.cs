using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Coffer.Bench.DrBench;

/// <summary>
/// The three targets of the DR issue, in one run against two fresh servers. The order lets each measurement reuse
/// the previous state: load the re-index data set → throughput (DR disabled) → DR primary enabled / disabled,
/// interleaved → enable the primary → throughput (primary, no secondary) → activate the secondary (first copy, timed)
/// → paced lag run → throughput (streaming) → secondary streaming / paused, interleaved → re-index (timed) → disable
/// the primary → throughput (DR disabled again). The streaming-cost verdict comes from the two interleaved runs; the
/// four phases bracket it the older way and show latency.
/// </summary>
internal static class DrBenchmark
{
    private const double LagFactor = 2.0;
    private const double ReindexTarget = 50_000;
    private const double StreamCostTarget = 0.85;

    /// <summary>Load without measuring after each switch of an interleaved run.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    private const string DrOperationsPolicy = """
        path "sys/replication/dr/secondary/reindex" { capabilities = ["update"] }
        """;

    public static async Task<int> RunAsync(BenchSettings settings)
    {
        using var primary = new CofferNode("primary", settings.PrimaryAddress, settings.PrimaryPid);
        using var secondary = new CofferNode("secondary", settings.SecondaryAddress, settings.SecondaryPid);

        Step("initialising and unsealing both servers");
        await primary.InitAndUnsealAsync();
        await secondary.InitAndUnsealAsync();
        await primary.SendAsync(HttpMethod.Post, "sys/mounts/secret", new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = "2" } });
        await primary.SendAsync(HttpMethod.Post, "sys/mounts/bulk", new JsonObject { ["type"] = "kv", ["options"] = new JsonObject { ["version"] = "1" } });
        await primary.SendAsync(HttpMethod.Put, "sys/policies/acl/dr-ops", new JsonObject { ["policy"] = DrOperationsPolicy });
        await primary.SendAsync(HttpMethod.Post, "auth/token/roles/failover-handler", new JsonObject
        {
            ["allowed_policies"] = "dr-ops", ["orphan"] = true, ["renewable"] = false, ["token_type"] = "batch",
        });
        var drOperationToken = (string)(await primary.SendAsync(HttpMethod.Post, "auth/token/create/failover-handler", new JsonObject { ["ttl"] = "1h" }))["auth"]!["client_token"]!;

        // The bulk data goes in first: every throughput phase then runs against the same amount of data, and the load
        // warms the primary up (JIT, connection pools), so the first phase is not also the coldest.
        Step($"loading {settings.ReindexEntries:N0} KV v1 entries into bulk/ ({settings.LoadWriters} writers)");
        var loadSeconds = await BulkLoad.RunAsync(primary, "bulk", settings.ReindexEntries, settings.LoadWriters);
        var quietAfter = await QuietWait.UntilQuietAsync(primary.Pid, TimeSpan.FromSeconds(60));
        Console.Error.WriteLine($"           the primary was quiet {quietAfter.TotalSeconds:0.0} s after the load");

        Step($"throughput, DR disabled ({settings.Writers} writers, {settings.Warmup.TotalSeconds:0}s warm-up + {settings.ThroughputDuration.TotalSeconds:0}s)");
        // The first phase measured: twice the warm-up all the same.
        var disabledBefore = Show(await ThroughputRun.RunAsync("DR disabled (before)", primary, secondary, settings.Writers, settings.Warmup + settings.Warmup, settings.ThroughputDuration));

        Step($"DR primary enabled / disabled, interleaved ({settings.Pairs} pairs of {settings.Window.TotalSeconds:0}s windows)");
        var recording = ShowInterleaved(await InterleavedRun.RunAsync(
            ("DR primary, no secondary", "DR disabled"), primary, secondary, settings.Writers, settings.Pairs, settings.Window, Settle, startOn: false,
            switchOn: () => primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new JsonObject { ["primary_cluster_addr"] = settings.PrimaryClusterAddress }),
            switchOff: () => primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/disable", [])));

        Step("enabling the DR primary");
        await primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/enable", new JsonObject { ["primary_cluster_addr"] = settings.PrimaryClusterAddress });
        var loggingOnly = Show(await ThroughputRun.RunAsync("DR primary, no secondary", primary, secondary, settings.Writers, settings.Warmup, settings.ThroughputDuration));

        Step("activating the secondary (its first copy is timed)");
        var activation = (string)(await primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = "bench-secondary" }))["wrap_info"]!["token"]!;
        var firstCopy = await ReindexRun.MeasureAsync("first copy (activation)", secondary, () => secondary.SendAsync(
            HttpMethod.Post, "sys/replication/dr/secondary/enable", new JsonObject { ["token"] = activation, ["primary_api_addr"] = primary.Address }), settings.CopyTimeout);
        if (!firstCopy.Completed)
        {
            throw new InvalidOperationException($"the secondary's first copy did not finish within {settings.CopyTimeout}");
        }

        await secondary.UnsealAsync(primary.UnsealKeys);
        secondary.Token = primary.Token;
        await WaitForCatchUpAsync(primary, secondary, TimeSpan.FromSeconds(60));

        Step($"replication lag at {settings.Rate} writes/s for {settings.LagDuration.TotalSeconds:0}s");
        var lag = await LagRun.RunAsync(primary, secondary, settings.Rate, settings.LagDuration, settings.PollInterval, TimeSpan.FromSeconds(10));
        Console.Error.WriteLine($"           lag p50 {lag.LagP50Ms:0.00} / p99 {lag.LagP99Ms:0.00} ms, write p50 {lag.WriteP50Ms:0.00} / p99 {lag.WriteP99Ms:0.00} ms, achieved {lag.AchievedRate:0}/s, {lag.Failed} failed");

        // After the lag run: the secondary's streaming code has run for a while, as it has on any secondary that
        // has followed its primary longer than the first seconds after activation (a new process's JIT warm-up).
        Step("throughput with a streaming secondary");
        var streaming = Show(await ThroughputRun.RunAsync("DR primary, streaming", primary, secondary, settings.Writers, settings.Warmup, settings.ThroughputDuration));
        var catchUp = await WaitForCatchUpAsync(primary, secondary, TimeSpan.FromSeconds(60));

        // The same DR primary with its secondary streaming, then stopped (SIGSTOP: no CPU, nothing read, so nothing
        // shipped once the connection's window is full), seconds apart. Each resume waits for the secondary to catch
        // up before the load settles, so the backlog's replay is in no window.
        Step($"secondary streaming / paused, interleaved ({settings.Pairs} pairs of {settings.Window.TotalSeconds:0}s windows)");
        InterleavedResult streamingPairs;
        using (var pause = new ProcessPause(secondary.Pid))
        {
            streamingPairs = ShowInterleaved(await InterleavedRun.RunAsync(
                ("secondary streaming", "secondary paused"), primary, secondary, settings.Writers, settings.Pairs, settings.Window, Settle, startOn: true,
                switchOn: async () =>
                {
                    pause.Resume();
                    await WaitForCatchUpAsync(primary, secondary, TimeSpan.FromSeconds(60));
                },
                switchOff: () =>
                {
                    pause.Pause();
                    return Task.CompletedTask;
                }));
        }

        await WaitForCatchUpAsync(primary, secondary, TimeSpan.FromSeconds(60));

        Step("re-index on the secondary (timed)");
        var reindex = await ReindexRun.MeasureAsync("re-index (secondary/reindex)", secondary, () => secondary.SendAsync(
            HttpMethod.Post, "sys/replication/dr/secondary/reindex", new JsonObject { ["dr_operation_token"] = drOperationToken }, token: ""), settings.CopyTimeout);

        Step("disabling the DR primary; throughput, DR disabled again");
        await primary.SendAsync(HttpMethod.Post, "sys/replication/dr/primary/disable", []);
        var disabledAfter = Show(await ThroughputRun.RunAsync("DR disabled (after)", primary, secondary, settings.Writers, settings.Warmup, settings.ThroughputDuration));

        return Report(settings, lag, reindex, firstCopy, loadSeconds, [disabledBefore, loggingOnly, streaming, disabledAfter], catchUp, recording, streamingPairs);
    }

    private static int Report(
        BenchSettings settings, LagResult lag, ReindexResult reindex, ReindexResult firstCopy, double loadSeconds, ThroughputResult[] phases, TimeSpan catchUp,
        InterleavedResult recording, InterleavedResult streamingPairs)
    {
        var (disabledBefore, loggingOnly, streaming, disabledAfter) = (phases[0], phases[1], phases[2], phases[3]);
        var failed = false;
        string Verdict(bool pass)
        {
            failed |= !pass;
            return pass ? "PASS" : "FAIL";
        }

        Console.WriteLine();
        Console.WriteLine($"{DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC  cores: {Environment.ProcessorCount}  load: {LoadAverage()}  storage: {settings.Storage} (primary and secondary on this machine)");
        Console.WriteLine();

        Console.WriteLine("Throughput phases (closed loop, KV v2 writes over 1,000 keys):");
        Console.WriteLine($"  {"phase",-26} {"writes/s",9} {"p50 ms",8} {"p99 ms",8} {"failed",6} {"cpu s prim/sec",15} {"cpu us/write prim/sec",22}");
        foreach (var phase in phases)
        {
            Console.WriteLine($"  {phase.Label,-26} {phase.WritesPerSecond,9:0} {phase.P50Ms,8:0.00} {phase.P99Ms,8:0.00} {phase.Failures,6} {phase.PrimaryCpuSeconds,7:0.0}/{phase.SecondaryCpuSeconds,-7:0.0} {phase.PrimaryCpuMicrosPerWrite,11:0}/{phase.SecondaryCpuMicrosPerWrite,-10:0}");
        }

        Console.WriteLine($"  the secondary had caught up {catchUp.TotalMilliseconds:0} ms after the streaming phase ended");
        Console.WriteLine();
        Console.WriteLine($"Interleaved ({settings.Window.TotalSeconds:0} s windows, {Settle.TotalSeconds:0} s of unmeasured load after each switch; each state's windows pooled):");
        Console.WriteLine($"  {"on / off",-52} {"writes/s",15} {"ratio",6} {"single comparisons",-22} {"cpu us/write prim",18} {"sec",9}");
        foreach (var run in new[] { recording, streamingPairs })
        {
            var singles = run.NeighbourRatios;
            Console.WriteLine($"  {$"{run.OnLabel} / {run.OffLabel}",-52} {$"{run.OnWritesPerSecond:0} / {run.OffWritesPerSecond:0}",15} {run.Ratio,6:0.00} {$"{singles[0]:0.00} .. {singles[singles.Count / 2]:0.00} .. {singles[^1]:0.00}",-22} {$"{run.PrimaryCpuMicrosPerWrite(true):0} / {run.PrimaryCpuMicrosPerWrite(false):0}",18} {$"{run.SecondaryCpuMicrosPerWrite(true):0} / {run.SecondaryCpuMicrosPerWrite(false):0}",9}");
        }

        Console.WriteLine();
        Console.WriteLine($"Paced run: {lag.Planned} writes planned at {settings.Rate}/s, achieved {lag.AchievedRate:0.0}/s (pacer late p99 {lag.PacerLateP99Ms:0.00} ms), {lag.Failed} failed, {lag.NeverVisible} never seen on the secondary, {lag.VisibleBeforeAck} visible before their ack");
        Console.WriteLine($"  status polls: primary every {lag.PrimaryPollPeriodMs:0.00} ms (round trip {lag.PrimaryPollRoundTripMs:0.00}), secondary every {lag.SecondaryPollPeriodMs:0.00} ms (round trip {lag.SecondaryPollRoundTripMs:0.00}), {lag.FailedPolls} failed polls; lag errs long by at most about one secondary period + round trip");
        Console.WriteLine($"  cpu during the run: primary {lag.PrimaryCpuSeconds:0.0} s, secondary {lag.SecondaryCpuSeconds:0.0} s over {settings.LagDuration.TotalSeconds:0} s; lag max {lag.LagMaxMs:0.0} ms");
        Console.WriteLine();
        Console.WriteLine($"Copies: {settings.ReindexEntries:N0} KV entries loaded in {loadSeconds:0.0} s ({settings.ReindexEntries / loadSeconds:0}/s, DR disabled)");
        foreach (var copy in new[] { firstCopy, reindex })
        {
            Console.WriteLine($"  {copy.Label,-30} {(copy.Completed ? "done" : "NOT DONE")} in {copy.Seconds:0.00} s, {copy.Keys:N0} storage keys, {settings.ReindexEntries / copy.Seconds:0} KV entries/s;");
            Console.WriteLine($"  {"",-30} before the first key {copy.BeforeCopySeconds:0.00} s, copying {copy.CopySeconds:0.00} s ({copy.Keys / copy.CopySeconds:0} keys/s), after the last {copy.Seconds - copy.BeforeCopySeconds - copy.CopySeconds:0.00} s");
        }

        Console.WriteLine();
        var lagLimit = LagFactor * lag.WriteP99Ms;
        var lagPass = lag.Failed == 0 && lag.NeverVisible == 0 && lag.LagP99Ms <= lagLimit;
        var reindexRate = reindex.Completed ? settings.ReindexEntries / reindex.Seconds : 0;
        var baseline = (disabledBefore.WritesPerSecond + disabledAfter.WritesPerSecond) / 2;
        var streamRatio = baseline > 0 ? streaming.WritesPerSecond / baseline : 0;
        var secondaryRatio = loggingOnly.WritesPerSecond > 0 ? streaming.WritesPerSecond / loggingOnly.WritesPerSecond : 0;
        var throughputClean = phases.All(p => p.Failures == 0) && recording.Failures == 0 && streamingPairs.Failures == 0;
        // The verdict: what enabling DR costs a primary times what streaming to a secondary costs it, each measured
        // in interleaved windows (the bracketed phases below drift with the machine; see bench/README.md).
        var interleavedRatio = recording.Ratio * streamingPairs.Ratio;

        Console.WriteLine($"{"target",-34} {"measured",-58} {"goal",-24} result");
        Console.WriteLine($"{$"replication lag at {settings.Rate}/s",-34} {$"lag p50 {lag.LagP50Ms:0.00} / p99 {lag.LagP99Ms:0.00} ms; write p50 {lag.WriteP50Ms:0.00} / p99 {lag.WriteP99Ms:0.00} ms",-58} {$"p99 lag <= {lagLimit:0.00} ms",-24} {Verdict(lagPass)} (lag p99 / write p99 = {lag.LagP99Ms / lag.WriteP99Ms:0.00})");
        Console.WriteLine($"{$"re-index of {settings.ReindexEntries:N0} KV entries",-34} {$"{reindexRate:0} entries/s ({reindex.Seconds:0.00} s)",-58} {$">= {ReindexTarget:0} entries/s",-24} {Verdict(reindexRate >= ReindexTarget)} ({reindexRate / ReindexTarget:0.00} of target)");
        Console.WriteLine($"{"streaming cost (interleaved)",-34} {$"{interleavedRatio:0.00} = {recording.Ratio:0.00} (DR primary / disabled) x {streamingPairs.Ratio:0.00} (streaming / paused)",-58} {$">= {StreamCostTarget:0.00}",-24} {Verdict(interleavedRatio >= StreamCostTarget && throughputClean)}");
        Console.WriteLine($"{"  (phases, vs DR disabled)",-34} {$"{streamRatio:0.00} = {streaming.WritesPerSecond:0} / {baseline:0} writes/s (mean of before/after)",-58} {"",-24} reported");
        Console.WriteLine($"{"  (vs primary without secondary)",-34} {$"{secondaryRatio:0.00} = {streaming.WritesPerSecond:0} / {loggingOnly.WritesPerSecond:0} writes/s",-58} {"",-24} reported");
        // What the primary alone pays, as if the secondary ran elsewhere: the DR-disabled CPU per write over the
        // streaming one. It leaves out the CPU the co-located secondary takes from the primary.
        var disabledCpu = (disabledBefore.PrimaryCpuMicrosPerWrite + disabledAfter.PrimaryCpuMicrosPerWrite) / 2;
        var cpuRatio = streaming.PrimaryCpuMicrosPerWrite > 0 ? disabledCpu / streaming.PrimaryCpuMicrosPerWrite : 0;
        Console.WriteLine($"{"  (by primary CPU per write)",-34} {$"{cpuRatio:0.00} = {disabledCpu:0} / {streaming.PrimaryCpuMicrosPerWrite:0} us per write (DR disabled / streaming)",-58} {"",-24} reported");
        return failed ? 1 : 0;
    }

    /// <summary>Waits until the secondary has applied everything the primary has logged; returns how long that took.</summary>
    private static async Task<TimeSpan> WaitForCatchUpAsync(CofferNode primary, CofferNode secondary, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var target = (long)(await primary.DrStatusAsync())["last_wal"]!;
        while (Stopwatch.GetElapsedTime(started) < timeout)
        {
            var status = await secondary.DrStatusAsync();
            if ((string?)status["state"] == "stream-wals" && (long)status["last_remote_wal"]! >= target)
            {
                return Stopwatch.GetElapsedTime(started);
            }

            await Task.Delay(5);
        }

        throw new InvalidOperationException($"the secondary did not reach index {target} within {timeout}");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static ThroughputResult Show(ThroughputResult phase)
    {
        Console.Error.WriteLine($"           {phase.Label}: {phase.WritesPerSecond:0} writes/s, p50 {phase.P50Ms:0.00} ms, p99 {phase.P99Ms:0.00} ms, {phase.Failures} failed");
        return phase;
    }

    private static InterleavedResult ShowInterleaved(InterleavedResult run)
    {
        Console.Error.WriteLine($"           {run.OnLabel}: {run.OnWritesPerSecond:0} writes/s, {run.OffLabel}: {run.OffWritesPerSecond:0} writes/s, ratio {run.Ratio:0.00}, {run.Failures} failed");
        // Each window in order, so that a burst that hit one window (a snapshot, another process) can be seen.
        Console.Error.WriteLine($"           windows (writes/s, * = on): {string.Join(" ", run.Windows.Select(w => $"{w.WritesPerSecond:0}{(w.On ? "*" : "")}"))}");
        return run;
    }

    private static void Step(string what) => Console.Error.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] {what}");
}
