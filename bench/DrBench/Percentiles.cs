namespace Coffer.Bench.DrBench;

/// <summary>Nearest-rank percentiles of a sample, in the sample's unit.</summary>
internal static class Percentiles
{
    public static double Of(IReadOnlyCollection<double> sample, double percent)
    {
        if (sample.Count == 0)
        {
            return double.NaN;
        }

        var sorted = sample.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
