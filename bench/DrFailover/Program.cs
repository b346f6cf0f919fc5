using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Coffer.Bench.DrFailover;

// dotnet DrFailover.dll recovery --runs N [--demote] --pid-file PATH
//     N times: a fresh DR pair, the primary lost, the secondary promoted; one RESULT line per run.
// dotnet DrFailover.dll serve --ready-file PATH --pid-file PATH
//     one DR pair kept up until SIGTERM or Ctrl-C; the secondary's active node and the batch token go to PATH.
// A SIGTERM or Ctrl-C stops at the next step and kills every coffer process started (their ids are in the pid file
// as soon as they run, for the script to clean up should this process itself be killed). The project builds with
// invariant globalization, so numbers print with a decimal point whatever the machine's locale.
using var stop = new CancellationTokenSource();
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);

var problem = "missing command";
if (args.Length == 0 || !DriverArguments.TryParse(args, out var options, out problem))
{
    Console.Error.WriteLine($"DrFailover: {problem}");
    Console.Error.WriteLine("usage: DrFailover recovery --runs N [--demote] --pid-file PATH | serve --ready-file PATH --pid-file PATH");
    return 2;
}

try
{
    return options.Command == "recovery"
        ? await RecoverAsync(options, stop.Token)
        : await ServeAsync(options, stop.Token);
}
catch (OperationCanceledException) when (stop.IsCancellationRequested)
{
    Console.Error.WriteLine("DrFailover: stopped");
    return 130;
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    stop.Cancel();
}

static async Task<int> RecoverAsync(DriverArguments options, CancellationToken cancellationToken)
{
    for (var run = 1; run <= options.Runs; run++)
    {
        var setUp = Stopwatch.StartNew();
        var pair = await SetUpPairAsync(options, cancellationToken);
        if (pair is null)
        {
            Console.WriteLine($"RESULT {run} failed");
            continue;
        }

        try
        {
            var setUpTime = setUp.Elapsed;
            var m = await RecoveryRun.MeasureAsync(pair, options.Demote, cancellationToken).WaitAsync(cancellationToken);
            if (Environment.GetEnvironmentVariable("DR_FAILOVER_TRACE") == "1")
            {
                var active = await pair.Secondary.WaitForActiveAsync();
                Console.Error.WriteLine($"--- the new primary's output ({active.NodeId})\n{string.Join('\n', active.Output.Split('\n').TakeLast(40))}");
            }

            Console.WriteLine(
                $"run {run}: pair set up in {setUpTime.TotalSeconds:F1} s; primary {(options.Demote ? "demoted" : "killed")}, noticed by the secondary after {Ms(m.Detection)} ms; " +
                $"promote answered after {Ms(m.PromoteAnswered)} ms; first write accepted after {Ms(m.FirstWriteAccepted)} ms " +
                $"({m.RefusedWrites} refused before: {(m.Refusals.Length == 0 ? "none" : m.Refusals)}, the last answered at {Ms(m.LastRefusal)} ms); then a write takes {m.MedianWrite.TotalMilliseconds:F1} ms");
            Console.WriteLine(
                $"RESULT {run} {Ms(m.Detection)} {Ms(m.PromoteAnswered)} {Ms(m.FirstWriteAccepted)} {m.MedianWrite.TotalMilliseconds:F2} {m.RefusedWrites}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"run {run} failed: {e.Message}");
            Console.Error.WriteLine("--- the end of each node's output");
            foreach (var node in pair.Primary.Nodes.Concat(pair.Secondary.Nodes))
            {
                var lines = node.Output.Split('\n');
                Console.Error.WriteLine($"--- {(pair.Primary.Nodes.Contains(node) ? "primary" : "secondary")} {node.NodeId}");
                Console.Error.WriteLine(string.Join('\n', lines.TakeLast(15)));
            }

            Console.WriteLine($"RESULT {run} failed");
        }
        finally
        {
            await pair.DisposeAsync();
        }
    }

    return 0;
}

// Forming three-node clusters on a busy two-core machine now and then loses a leader election mid-join. The set-up is
// not what is measured: a failed one is reported, and retried once with fresh clusters.
static async Task<DrPair?> SetUpPairAsync(DriverArguments options, CancellationToken cancellationToken)
{
    for (var attempt = 1; attempt <= 2; attempt++)
    {
        var pair = new DrPair();
        try
        {
            await pair.SetUpAsync(pids => RecordPids(options.PidFile, pids), cancellationToken);
            return pair;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"setting up the DR pair failed (attempt {attempt} of 2): {FirstLine(e.Message)}");
            await pair.DisposeAsync();
        }
    }

    return null;
}

static async Task<int> ServeAsync(DriverArguments options, CancellationToken cancellationToken)
{
    await using var pair = await SetUpPairAsync(options, cancellationToken) ?? throw new InvalidOperationException("no DR pair could be set up");
    var active = await pair.Secondary.WaitForActiveAsync();
    // Loopback clusters that live for one benchmark: the primary's address and root token are there for comparisons.
    var ready = $"address={active.Address}\nbatch_token={pair.BatchToken}\nprimary_address={pair.PrimaryNode.Address}\nroot_token={pair.RootToken}\n";
    await File.WriteAllTextAsync(options.ReadyFile + ".tmp", ready, cancellationToken);
    File.Move(options.ReadyFile + ".tmp", options.ReadyFile, overwrite: true);
    Console.WriteLine($"DR pair up: secondary active node {active.NodeId} at {active.Address}; serving until SIGTERM");
    try
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
    catch (OperationCanceledException)
    {
        // The script is done with the pair: disposing it (on the way out) kills every node.
    }

    return 0;
}

static void RecordPids(string path, IEnumerable<int> pids) =>
    File.AppendAllLines(path, pids.Select(p => p.ToString(CultureInfo.InvariantCulture)));

// Harness errors carry every node's output after the first line; the script prints only what explains the failure.
static string FirstLine(string text) => text.Split('\n', 2)[0];

static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture);
