// Measures how many "write 4 KiB + fsync" rounds per second this machine's disk sustains: the bound
// on durable, unbatched writes (the file backend fsyncs each value, then its directory).
// Run through bench/fsync-rate.sh; arguments: [--dir PATH] [--seconds N] [--quiet].
using System.Diagnostics;

var directory = Path.GetTempPath();
var seconds = 3.0;
var quiet = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--dir" when i + 1 < args.Length:
            directory = args[++i];
            break;
        case "--seconds" when i + 1 < args.Length && double.TryParse(args[i + 1], out var parsed) && parsed is > 0 and <= 30:
            seconds = parsed;
            i++;
            break;
        case "--quiet":
            quiet = true;
            break;
        default:
            Console.Error.WriteLine($"fsync-rate: unknown or invalid argument '{args[i]}'");
            return 2;
    }
}

var work = Directory.CreateDirectory(Path.Combine(Path.GetFullPath(directory), "coffer-fsync-" + Guid.NewGuid().ToString("N"))).FullName;
try
{
    var block = new byte[4096];
    Random.Shared.NextBytes(block);
    var latencies = new List<double>();
    using var stream = new FileStream(Path.Combine(work, "probe"), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        var start = clock.Elapsed;

        // A fresh 4 KiB at the end each time, as a new value would be: fsync must persist data and size.
        stream.Write(block);
        stream.Flush(flushToDisk: true);
        latencies.Add((clock.Elapsed - start).TotalMilliseconds);
    }

    var elapsed = clock.Elapsed.TotalSeconds;
    var rate = latencies.Count / elapsed;
    latencies.Sort();
    if (quiet)
    {
        Console.WriteLine($"{rate:F0}");
    }
    else
    {
        Console.WriteLine(
            $"fsync rate: {rate:F0} fsyncs/s (4 KiB write + fsync, {latencies.Count} rounds in {elapsed:F1} s, " +
            $"p50 {latencies[latencies.Count / 2]:F2} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F2} ms) in {directory}");
    }

    return 0;
}
finally
{
    Directory.Delete(work, recursive: true);
}
