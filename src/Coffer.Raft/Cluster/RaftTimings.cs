namespace Coffer.Raft.Cluster;

/// <summary>
/// Engine timings derived from Vault's <c>performance_multiplier</c>: elections of 150–300 ms per unit of the
/// multiplier (spec Part 4), and an RPC timeout of at least one second, well above a snapshot transfer on a
/// healthy network, so that a follower behind the leader's snapshot can catch up (spec defect #1).
/// </summary>
internal readonly record struct RaftTimings(int LowerElectionTimeoutMs, int UpperElectionTimeoutMs, TimeSpan RequestTimeout, TimeSpan ConnectTimeout)
{
    public const int DefaultMultiplier = 5;
    public const int MaxMultiplier = 10;

    private static readonly TimeSpan MinimumRequestTimeout = TimeSpan.FromSeconds(1);

    public static RaftTimings From(RaftOptions options)
    {
        var multiplier = options.PerformanceMultiplier == 0 ? DefaultMultiplier : options.PerformanceMultiplier;
        if (multiplier is < 1 or > MaxMultiplier)
        {
            throw new ArgumentOutOfRangeException(nameof(options), $"performance_multiplier must be between 1 and {MaxMultiplier}.");
        }

        var lower = 150 * multiplier;
        var upper = 300 * multiplier;
        var request = options.RequestTimeout ?? TimeSpan.FromMilliseconds(Math.Max(MinimumRequestTimeout.TotalMilliseconds, 2 * upper));
        if (request <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "The Raft request timeout must be positive.");
        }

        var connect = TimeSpan.FromMilliseconds(Math.Min(request.TotalMilliseconds, Math.Max(150, lower)));
        return new RaftTimings(lower, upper, request, connect);
    }
}
