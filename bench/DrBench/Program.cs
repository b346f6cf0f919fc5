using System.Globalization;
using Coffer.Bench.DrBench;

// Exit codes as bench/http.sh: 0 every target met, 1 some target missed, 2 the benchmark itself could not run.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
try
{
    var settings = BenchSettings.Parse(args);
    return await DrBenchmark.RunAsync(settings);
}
catch (Exception e)
{
    Console.Error.WriteLine($"DrBench: {e.GetType().Name}: {e.Message}");
    return 2;
}
