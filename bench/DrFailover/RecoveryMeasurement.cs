namespace Coffer.Bench.DrFailover;

/// <summary>
/// One promotion, timed from the moment the promote request is sent (t0). <see cref="Detection"/> is measured before
/// t0: from the primary's loss to the secondary no longer reporting a ready stream (the split-brain guard's signal).
/// </summary>
internal sealed record RecoveryMeasurement(
    TimeSpan Detection,
    TimeSpan PromoteAnswered,
    TimeSpan FirstWriteAccepted,
    int RefusedWrites,
    TimeSpan LastRefusal,
    string Refusals,
    TimeSpan MedianWrite);
