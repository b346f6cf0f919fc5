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
    /// <summary>"vault", so exported names are Vault's (vault.core.handle_request → vault_core_handle_request).</summary>
    public const string MeterName = "vault";

    private static readonly Meter Meter = new(MeterName, "1.0");

    public static readonly Histogram<double> HandleRequest = Meter.CreateHistogram<double>(
        "core.handle_request", "ms", "Time to handle a logical request, by mount type and operation.");

    public static readonly Counter<long> TokenCreation = Meter.CreateCounter<long>(
        "token.creation", "{token}", "Tokens created, by token type and creation path.");

    public static readonly Histogram<double> BarrierOperation = Meter.CreateHistogram<double>(
        "barrier.operation", "ms", "Time of a barrier (encrypt/decrypt and storage) operation, by operation.");

    public static readonly Histogram<double> StorageOperation = Meter.CreateHistogram<double>(
        "storage.operation", "ms", "Time of a physical storage operation, by backend and operation.");

    /// <summary>Registers the seal-state gauge of one core (1 unsealed, 0 sealed).</summary>
    public static void ObserveSealState(CofferCore core) =>
        Meter.CreateObservableGauge("core.unsealed", () => core.IsSealed ? 0 : 1, "{state}", "1 when the server is unsealed.");

    public static double ElapsedMilliseconds(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
}
