namespace Coffer.Bench.DrBench;

/// <summary>
/// What an <see cref="InterleavedRun"/> measured: the windows in order (off, on, off, ..., off, or the reverse), and
/// the primary's throughput in the "on" state over the "off" state.
/// </summary>
internal sealed record InterleavedResult(string OnLabel, string OffLabel, IReadOnlyList<InterleavedWindow> Windows, int Failures)
{
    public double OnWritesPerSecond => Rate(on: true);

    public double OffWritesPerSecond => Rate(on: false);

    /// <summary>Writes per second with the state on over with it off, every window of each state pooled.</summary>
    public double Ratio => OffWritesPerSecond > 0 ? OnWritesPerSecond / OffWritesPerSecond : 0;

    /// <summary>
    /// Each inner window against the mean of its two neighbours, as "on over off": how far single comparisons
    /// scatter around <see cref="Ratio"/>.
    /// </summary>
    public IReadOnlyList<double> NeighbourRatios
    {
        get
        {
            var ratios = new List<double>();
            for (var i = 1; i + 1 < Windows.Count; i++)
            {
                var middle = Windows[i].WritesPerSecond;
                var sides = (Windows[i - 1].WritesPerSecond + Windows[i + 1].WritesPerSecond) / 2;
                ratios.Add(Windows[i].On ? middle / sides : sides / middle);
            }

            ratios.Sort();
            return ratios;
        }
    }

    public double PrimaryCpuMicrosPerWrite(bool on) => CpuPerWrite(on, static w => w.PrimaryCpuSeconds);

    public double SecondaryCpuMicrosPerWrite(bool on) => CpuPerWrite(on, static w => w.SecondaryCpuSeconds);

    private double Rate(bool on)
    {
        var windows = Windows.Where(w => w.On == on).ToList();
        var seconds = windows.Sum(w => w.Seconds);
        return seconds > 0 ? windows.Sum(w => w.Writes) / seconds : 0;
    }

    private double CpuPerWrite(bool on, Func<InterleavedWindow, double> cpu)
    {
        var windows = Windows.Where(w => w.On == on).ToList();
        var writes = windows.Sum(w => w.Writes);
        return writes > 0 ? windows.Sum(cpu) * 1e6 / writes : 0;
    }
}
