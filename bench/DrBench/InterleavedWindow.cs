namespace Coffer.Bench.DrBench;

/// <summary>One measured window of an interleaved run: which state the servers were in, and what the primary did.</summary>
internal sealed record InterleavedWindow(bool On, int Writes, double Seconds, double PrimaryCpuSeconds, double SecondaryCpuSeconds)
{
    public double WritesPerSecond => Writes / Seconds;
}
