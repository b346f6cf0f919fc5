using System.Diagnostics;

namespace Coffer.Bench.DrBench;

/// <summary>
/// Reads one WAL index field of a node's <c>sys/replication/dr/status</c> over and over on a dedicated thread, one
/// request at a time on its own connection, no more often than every <c>interval</c> (1 ms at least: the machine
/// has two cores), and keeps every answer with its time window.
/// </summary>
internal sealed class WalPoller : IDisposable
{
    private readonly HttpClient _client;
    private readonly string _field;
    private readonly TimeSpan _interval;
    private readonly List<PollSample> _samples = new(65536);
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _latest = -1;
    private long _lastStart;

    public WalPoller(CofferNode node, string field, TimeSpan interval)
    {
        _client = node.NewPoller();
        _field = field;
        _interval = interval;
        _thread = new Thread(Run) { IsBackground = true, Name = $"poll {node.Name}", Priority = ThreadPriority.AboveNormal };
    }

    /// <summary>Every poll; read only after <see cref="Stop"/>.</summary>
    public IReadOnlyList<PollSample> Samples => _samples;

    public int Failures => _samples.Count(s => s.Value < 0);

    /// <summary>The highest value seen so far.</summary>
    public long Latest => Volatile.Read(ref _latest);

    /// <summary>When the latest answered poll started (a timestamp; 0 before the first).</summary>
    public long LastStart => Volatile.Read(ref _lastStart);

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stop = true;
        _thread.Join();
    }

    private void Run()
    {
        while (!_stop)
        {
            var start = Stopwatch.GetTimestamp();
            long value;
            try
            {
                value = CofferNode.PollWal(_client, _field);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                value = -1;
            }

            _samples.Add(new PollSample(start, Stopwatch.GetTimestamp(), value));
            if (value > Volatile.Read(ref _latest))
            {
                Volatile.Write(ref _latest, value);
            }

            if (value >= 0)
            {
                Volatile.Write(ref _lastStart, start);
            }

            while (Stopwatch.GetElapsedTime(start) < _interval)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>Median time between two poll starts and median request time, in milliseconds.</summary>
    public (double PeriodMs, double RoundTripMs) Resolution()
    {
        var periods = new List<double>(_samples.Count);
        var trips = new List<double>(_samples.Count);
        for (var i = 0; i < _samples.Count; i++)
        {
            trips.Add(Stopwatch.GetElapsedTime(_samples[i].Start, _samples[i].End).TotalMilliseconds);
            if (i > 0)
            {
                periods.Add(Stopwatch.GetElapsedTime(_samples[i - 1].Start, _samples[i].Start).TotalMilliseconds);
            }
        }

        return (Percentiles.Of(periods, 50), Percentiles.Of(trips, 50));
    }

    public void Dispose() => _client.Dispose();
}
