using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Coffer.Core.Telemetry;

/// <summary>
/// Core's instruments, on the .NET metrics API. Names follow Vault's telemetry (<c>vault.core.handle_request</c>,
/// <c>vault.token.creation</c>, <c>vault.barrier.get</c>, ...) so existing dashboards keep working; the server
/// exports them.
/// </summary>
public static class CoreMetrics
{
    public const string MeterName = "Coffer.Core";

    private static readonly Meter Meter = new(MeterName, "1.0");

    public static readonly Histogram<double> HandleRequest = Meter.CreateHistogram<double>(
        "vault.core.handle_request", "ms", "Time to handle a logical request, by mount type and operation.");

    public static readonly Counter<long> TokenCreation = Meter.CreateCounter<long>(
        "vault.token.creation", "{token}", "Tokens created, by token type and creation path.");

    public static readonly Histogram<double> BarrierOperation = Meter.CreateHistogram<double>(
        "vault.barrier.operation", "ms", "Time of a barrier (encrypt/decrypt and storage) operation, by operation.");

    public static readonly Histogram<double> StorageOperation = Meter.CreateHistogram<double>(
        "vault.storage.operation", "ms", "Time of a physical storage operation, by backend and operation.");

    /// <summary>Registers the seal-state gauge of one core (1 unsealed, 0 sealed).</summary>
    public static void ObserveSealState(CofferCore core) =>
        Meter.CreateObservableGauge("vault.core.unsealed", () => core.IsSealed ? 0 : 1, "{state}", "1 when the server is unsealed.");

    public static double ElapsedMilliseconds(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
}
