namespace Coffer.Bench.DrBench;

/// <summary>One closed-loop write phase: acknowledged writes per second, their latency, and each server's CPU use.</summary>
internal sealed record ThroughputResult(
    string Label,
    double WritesPerSecond,
    double P50Ms,
    double P99Ms,
    int Failures,
    double PrimaryCpuSeconds,
    double SecondaryCpuSeconds,
    double Seconds)
{
    /// <summary>The primary's CPU time per acknowledged write, in microseconds: what a write costs it, whatever else
    /// shares the machine.</summary>
    public double PrimaryCpuMicrosPerWrite => WritesPerSecond > 0 ? PrimaryCpuSeconds * 1e6 / (WritesPerSecond * Seconds) : 0;

    /// <summary>The secondary's CPU time per write the primary acknowledged in the phase, in microseconds.</summary>
    public double SecondaryCpuMicrosPerWrite => WritesPerSecond > 0 ? SecondaryCpuSeconds * 1e6 / (WritesPerSecond * Seconds) : 0;
}
