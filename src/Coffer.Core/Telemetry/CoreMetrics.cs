using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coffer.Core.Telemetry;

/// <summary>
/// Core's metrics, on the .NET metrics API, named as Vault names them (<c>vault.core.handle_request</c>,
/// <c>vault.token.creation</c>, <c>vault.barrier.*</c>, <c>vault.storage.*</c>) so existing dashboards keep working.
/// Timings are <see cref="LatencySummary"/>s published as observable count/sum pairs: measuring costs atomics only,
/// and the exporters read them at scrape time.
/// </summary>
public static class CoreMetrics
{
    /// <summary>"vault", so exported names are Vault's (vault.core.handle_request → vault_core_handle_request_count).</summary>
    public const string MeterName = "vault";

    // Declared before the meter: creating an instrument calls every active listener, which asks IsSummaryInstrument.
    private static readonly string[] TimedNames = ["core.handle_request", "barrier", "storage"];

    private static readonly Meter Meter = new(MeterName, "1.0");
    private static readonly ConcurrentDictionary<(string Name, string A, string B), LatencySummary> Summaries = new();

    public static readonly Counter<long> TokenCreation = Meter.CreateCounter<long>(
        "token.creation", "{token}", "Tokens created, by token type and creation path.");

    static CoreMetrics()
    {
        foreach (var name in TimedNames)
        {
            Meter.CreateObservableCounter(name + ".count", () => Observe(name, s => s.Count), "{operation}", $"Number of {name} operations.");
            Meter.CreateObservableCounter(name + ".sum", () => Observe(name, s => s.TotalMilliseconds), "ms", $"Total time of {name} operations.");
        }
    }

    /// <summary>The summary for a request, by mount type and operation.</summary>
    public static LatencySummary HandleRequest(string mountType, string operation) =>
        Summary("core.handle_request", "mount_type", mountType, "operation", operation);

    public static LatencySummary Barrier(string operation) => Summary("barrier", "operation", operation, null, null);

    public static LatencySummary Storage(string backend, string operation) =>
        Summary("storage", "backend", backend, "operation", operation);

    /// <summary>Every timing series recorded so far, for exporters that want count, sum and maximum.</summary>
    public static IEnumerable<LatencySummary> AllSummaries() => Summaries.Values;

    /// <summary>Registers the seal-state gauge of one core (1 unsealed, 0 sealed).</summary>
    public static void ObserveSealState(CofferCore core) =>
        Meter.CreateObservableGauge(
            "core.unsealed",
            () => new Measurement<int>(core.IsSealed ? 0 : 1, new KeyValuePair<string, object?>("cluster", core.ClusterInfo?.Name ?? string.Empty)),
            "{state}",
            "1 when the server is unsealed, labelled with the cluster name (empty until first unsealed).");

    private static LatencySummary Summary(string name, string labelA, string valueA, string? labelB, string? valueB) =>
        Summaries.GetOrAdd((name, valueA, valueB ?? string.Empty), _ => new LatencySummary(
            name,
            labelB is null
                ? [new(labelA, valueA)]
                : [new(labelA, valueA), new(labelB, valueB)]));

    private static IEnumerable<Measurement<T>> Observe<T>(string name, Func<LatencySummary, T> read)
        where T : struct =>
        Summaries.Values.Where(s => s.Name == name).Select(s => new Measurement<T>(read(s), [.. s.Labels]));

    /// <summary>Whether an instrument only re-publishes <see cref="AllSummaries"/> (JSON exporters read those directly).</summary>
    public static bool IsSummaryInstrument(Instrument instrument) =>
        instrument.Meter.Name == MeterName && TimedNames.Any(n => instrument.Name == n + ".count" || instrument.Name == n + ".sum");

    internal static long Start() => Stopwatch.GetTimestamp();
}
