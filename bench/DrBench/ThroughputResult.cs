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
    double Seconds);
