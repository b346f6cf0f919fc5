using System.Globalization;

namespace Coffer.Bench.DrBench;

/// <summary>The driver's command line (<c>--name value</c> pairs, all set by bench/dr.sh).</summary>
internal sealed record BenchSettings(
    string PrimaryAddress,
    int PrimaryPid,
    string SecondaryAddress,
    int SecondaryPid,
    string PrimaryClusterAddress,
    int Rate,
    TimeSpan LagDuration,
    TimeSpan PollInterval,
    int Writers,
    TimeSpan ThroughputDuration,
    TimeSpan Warmup,
    int Pairs,
    TimeSpan Window,
    int ReindexEntries,
    int LoadWriters,
    TimeSpan CopyTimeout,
    string Storage)
{
    public static BenchSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"expected --name value pairs, got '{args[i]}'");
            }

            values[args[i][2..]] = args[i + 1];
        }

        string Text(string name) => values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
        string TextOr(string name, string fallback) => values.GetValueOrDefault(name, fallback);
        int Number(string name, int fallback) => values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
        TimeSpan Seconds(string name, double fallback) =>
            TimeSpan.FromSeconds(values.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback);

        return new BenchSettings(
            Text("primary"),
            Number("primary-pid", 0),
            Text("secondary"),
            Number("secondary-pid", 0),
            Text("primary-cluster-addr"),
            Number("rate", 500),
            Seconds("lag-seconds", 20),
            TimeSpan.FromMilliseconds(Number("poll-ms", 1)),
            Number("writers", 32),
            Seconds("throughput-seconds", 8),
            Seconds("warmup-seconds", 2),
            Number("pairs", 10),
            Seconds("window-seconds", 3),
            Number("reindex-entries", 100_000),
            Number("load-writers", 64),
            Seconds("copy-timeout-seconds", 120),
            TextOr("storage", "file"));
    }
}
