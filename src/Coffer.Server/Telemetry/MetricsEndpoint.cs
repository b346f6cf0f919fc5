using Coffer.Core;
using Coffer.Sdk.Logical;
using Coffer.Server.Http;
using Prometheus;

namespace Coffer.Server.Telemetry;

/// <summary>
/// <c>sys/metrics</c>: JSON by default (Vault's in-memory sink shape), or Prometheus text with
/// <c>?format=prometheus</c>, produced by prometheus-net from the same .NET meters.
/// </summary>
internal sealed class MetricsEndpoint : IDisposable
{
    private readonly CofferCore _core;
    private readonly MetricsJsonSink _json;
    private readonly IDisposable _prometheusAdapter;
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    public MetricsEndpoint(CofferCore core)
    {
        _core = core;
        _json = new MetricsJsonSink(core.Time);
        _prometheusAdapter = MeterAdapter.StartListening(new MeterAdapterOptions
        {
            Registry = _registry,
            MetricFactory = Metrics.WithCustomRegistry(_registry),
            InstrumentFilterPredicate = instrument => instrument.Meter.Name is Coffer.Core.Telemetry.CoreMetrics.MeterName or "System.Runtime",
        });
    }

    public async Task HandleAsync(HttpContext context)
    {
        await _core.AuthorizeRawAsync(RequestParser.ClientToken(context.Request.Headers), "sys/metrics", Operation.Read, sudo: false, context.RequestAborted).ConfigureAwait(false);
        if (context.Request.Query["format"].ToString() == "prometheus")
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            await _registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        await VaultResponseWriter.WriteJsonAsync(context, StatusCodes.Status200OK, _json.Snapshot()).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _prometheusAdapter.Dispose();
        _json.Dispose();
    }
}
