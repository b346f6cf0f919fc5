using System.Diagnostics.Metrics;
using Coffer.Core.Telemetry;
using Coffer.Server.Telemetry;

namespace Coffer.Server.Tests.Telemetry;

/// <summary>The JSON metrics sink while series are being created: a snapshot never fails on a growing table.</summary>
public sealed class MetricsJsonSinkTests
{
    [Fact]
    public async Task Snapshot_WhileNewSeriesAppear_NeverThrowsAndSeesThem()
    {
        using var sink = new MetricsJsonSink(TimeProvider.System);
        using var meter = new Meter(CoreMetrics.MeterName);
        var counter = meter.CreateCounter<long>("test.sink.series");
        var histogram = meter.CreateHistogram<double>("test.sink.latency");
        const int Series = 50_000;

        // Every measurement has a new label value, so each one adds a series to the sink's tables.
        var writer = Task.Run(() =>
        {
            for (var i = 0; i < Series; i++)
            {
                var label = new KeyValuePair<string, object?>("n", i);
                counter.Add(1, label);
                histogram.Record(i, label);
            }
        });

        var snapshots = 0;
        while (!writer.IsCompleted || snapshots == 0)
        {
            Assert.NotNull(sink.Snapshot()["Counters"]);
            snapshots++;
        }

        await writer;
        var counters = sink.Snapshot()["Counters"]!.AsArray();
        Assert.Equal(Series, counters.Count(c => (string?)c!["Name"] == CoreMetrics.MeterName + ".test.sink.series"));
    }
}
