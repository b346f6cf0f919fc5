namespace Coffer.Bench.DrBench;

/// <summary>The paced run: the primary's write latency and the replication lag of the same writes, in milliseconds.</summary>
internal sealed record LagResult(
    int Planned,
    int Acknowledged,
    int Failed,
    int NeverVisible,
    int VisibleBeforeAck,
    double AchievedRate,
    double PacerLateP99Ms,
    double WriteP50Ms,
    double WriteP99Ms,
    double LagP50Ms,
    double LagP99Ms,
    double LagMaxMs,
    double PrimaryPollPeriodMs,
    double PrimaryPollRoundTripMs,
    double SecondaryPollPeriodMs,
    double SecondaryPollRoundTripMs,
    int FailedPolls,
    double PrimaryCpuSeconds,
    double SecondaryCpuSeconds);
