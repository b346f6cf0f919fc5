using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Coffer.Core.Telemetry;

namespace Coffer.Server.Telemetry;

/// <summary>
/// Aggregates Coffer's and the runtime's .NET metrics in memory for the JSON form of <c>sys/metrics</c>, in the
/// shape of Vault's in-memory sink: <c>Gauges</c>, <c>Counters</c> and <c>Samples</c> with name, labels and summary
/// statistics.
/// </summary>
internal sealed class MetricsJsonSink : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Aggregate> _counters = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), Aggregate> _samples = new();
    private readonly ConcurrentDictionary<(string Name, string Labels), double> _gauges = new();
    private readonly TimeProvider _time;

    public MetricsJsonSink(TimeProvider time)
    {
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is CoreMetrics.MeterName or "System.Runtime" && !CoreMetrics.IsSummaryInstrument(instrument))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>(OnMeasurement);
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.Start();
    }

    public JsonObject Snapshot()
    {
        _listener.RecordObservableInstruments();
        return new JsonObject
        {
            ["Timestamp"] = _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss +0000 UTC", System.Globalization.CultureInfo.InvariantCulture),
            ["Gauges"] = new JsonArray([.. _gauges.ToArray().OrderBy(g => g.Key.Name).Select(g => (JsonNode?)new JsonObject
            {
                ["Name"] = g.Key.Name,
                ["Value"] = g.Value,
                ["Labels"] = LabelsJson(g.Key.Labels),
            })]),
            ["Points"] = new JsonArray(),
            ["Counters"] = Summaries(_counters),
            ["Samples"] = new JsonArray([.. Summaries(_samples).Select(n => n?.DeepClone()), .. CoreMetrics.AllSummaries().OrderBy(s => s.Name).Select(Sample)]),
        };
    }

    public void Dispose() => _listener.Dispose();

    private static JsonNode Sample(LatencySummary summary)
    {
        var count = summary.Count;
        var labels = new JsonObject();
        foreach (var (key, value) in summary.Labels)
        {
            labels[key] = value?.ToString();
        }

        return new JsonObject
        {
            ["Name"] = CoreMetrics.MeterName + "." + summary.Name,
            ["Count"] = count,
            ["Sum"] = summary.TotalMilliseconds,
            ["Max"] = summary.MaxMilliseconds,
            ["Mean"] = count == 0 ? 0 : summary.TotalMilliseconds / count,
            ["Labels"] = labels,
        };
    }

    private void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var name = instrument.Meter.Name == CoreMetrics.MeterName ? CoreMetrics.MeterName + "." + instrument.Name : instrument.Name;
        var key = (name, Labels(tags));
        switch (instrument)
        {
            case ObservableGauge<int> or ObservableGauge<long> or ObservableGauge<double> or ObservableUpDownCounter<long> or ObservableUpDownCounter<int> or ObservableCounter<long> or ObservableCounter<double> or ObservableCounter<int>:
                _gauges[key] = value;
                break;
            case Histogram<double> or Histogram<long> or Histogram<int>:
                _samples.GetOrAdd(key, _ => new Aggregate()).Add(value);
                break;
            default:
                _counters.GetOrAdd(key, _ => new Aggregate()).Add(value);
                break;
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            parts.Add(tag.Key + "=" + tag.Value);
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join('\u001f', parts);
    }

    private static JsonObject LabelsJson(string labels)
    {
        var json = new JsonObject();
        foreach (var part in labels.Split('\u001f', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            json[part[..eq]] = part[(eq + 1)..];
        }

        return json;
    }

    // ConcurrentDictionary.ToArray takes a consistent copy; enumerating it through LINQ sizes an array from Count and
    // then copies, which throws when a new series is added in between.
    private static JsonArray Summaries(ConcurrentDictionary<(string Name, string Labels), Aggregate> aggregates) =>
        new([.. aggregates.ToArray().OrderBy(a => a.Key.Name).Select(a => (JsonNode?)a.Value.ToJson(a.Key.Name, LabelsJson(a.Key.Labels)))]);

    /// <summary>Count, sum, min, max and variance of one series (Welford's update, under a lock per series).</summary>
    private sealed class Aggregate
    {
        private readonly Lock _lock = new();
        private long _count;
        private double _sum;
        private double _min = double.MaxValue;
        private double _max = double.MinValue;
        private double _mean;
        private double _m2;

        public void Add(double value)
        {
            lock (_lock)
            {
                _count++;
                _sum += value;
                _min = Math.Min(_min, value);
                _max = Math.Max(_max, value);
                var delta = value - _mean;
                _mean += delta / _count;
                _m2 += delta * (value - _mean);
            }
        }

        public JsonObject ToJson(string name, JsonObject labels)
        {
            lock (_lock)
            {
                return new JsonObject
                {
                    ["Name"] = name,
                    ["Count"] = _count,
                    ["Sum"] = _sum,
                    ["Min"] = _count == 0 ? 0 : _min,
                    ["Max"] = _count == 0 ? 0 : _max,
                    ["Mean"] = _mean,
                    ["Stddev"] = _count > 1 ? Math.Sqrt(_m2 / (_count - 1)) : 0,
                    ["Labels"] = labels,
                };
            }
        }
    }
}
