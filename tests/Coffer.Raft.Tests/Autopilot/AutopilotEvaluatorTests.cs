using Coffer.Raft.Autopilot;

namespace Coffer.Raft.Tests.Autopilot;

/// <summary>The worked examples of spec §1.6 and the health rule, one condition at a time.</summary>
public sealed class AutopilotEvaluatorTests
{
    private static readonly AutopilotConfig Defaults = new();
    private static readonly DateTimeOffset Now = new(2024, 5, 1, 9, 0, 0, TimeSpan.Zero);

    private static AutopilotServerInput Leader(string id = "n1", long index = 5000, long term = 7) =>
        new(id, $"{id}:8201", IsLeader: true, IsVoter: true, AutopilotNodeStatus.Alive, TimeSpan.Zero, term, index, "1.0.0");

    private static AutopilotServerInput Follower(string id, TimeSpan? contact = null, long index = 5000, long term = 7,
        AutopilotNodeStatus status = AutopilotNodeStatus.Alive, bool voter = true) =>
        new(id, $"{id}:8201", IsLeader: false, voter, status, contact ?? TimeSpan.FromMilliseconds(500), term, index, "1.0.0");

    private static AutopilotState Evaluate(params AutopilotServerInput[] servers) =>
        AutopilotEvaluator.Evaluate(servers, leaderLastIndex: 5000, leaderTerm: 7, Defaults, Now, previous: null);

    [Theory]
    [InlineData(1, 1)]
    [InlineData(2, 2)]
    [InlineData(3, 2)]
    [InlineData(4, 3)]
    [InlineData(5, 3)]
    public void Quorum_Voters_IsMajority(int voters, int quorum)
    {
        Assert.Equal(quorum, AutopilotEvaluator.Quorum(voters));
    }

    [Fact]
    public void ThreeHealthyVoters_ToleratesOneFailure()
    {
        var state = Evaluate(Leader(), Follower("n2"), Follower("n3"));

        Assert.True(state.Healthy);
        Assert.Equal(1, state.FailureTolerance);
        Assert.Equal("n1", state.Leader);
        Assert.Equal("n1", state.Voters[0]);
        Assert.Null(state.NonVoters);
    }

    [Fact]
    public void ThreeVoters_OneSilentFor12Seconds_IsUnhealthyAndToleratesNone()
    {
        var state = Evaluate(Leader(), Follower("n2"), Follower("n3", contact: TimeSpan.FromSeconds(12)));

        Assert.False(state.Servers["n3"].Healthy);
        Assert.Equal(0, state.FailureTolerance);
        Assert.False(state.Healthy);
        Assert.Equal(["n1", "n2", "n3"], state.Voters);
        Assert.Equal("12s", state.Servers["n3"].LastContact);
    }

    [Fact]
    public void FourHealthyVoters_StillTolerateOnlyOne()
    {
        Assert.Equal(1, Evaluate(Leader(), Follower("n2"), Follower("n3"), Follower("n4")).FailureTolerance);
    }

    [Fact]
    public void FiveVoters_OneUnhealthy_TolerateOne()
    {
        var state = Evaluate(Leader(), Follower("n2"), Follower("n3"), Follower("n4"), Follower("n5", status: AutopilotNodeStatus.Failed));

        Assert.Equal(1, state.FailureTolerance);
        Assert.Equal("failed", state.Servers["n5"].NodeStatus);
    }

    [Theory]
    [InlineData(4000, true)]
    [InlineData(3999, false)]
    public void TrailingFollower_HealthyWithinMaxTrailingLogs(long followerIndex, bool healthy)
    {
        Assert.Equal(healthy, Evaluate(Leader(), Follower("n2", index: followerIndex)).Servers["n2"].Healthy);
    }

    [Fact]
    public void FollowerOnAnOlderTerm_IsUnhealthy()
    {
        Assert.False(Evaluate(Leader(), Follower("n2", term: 6)).Servers["n2"].Healthy);
    }

    [Theory]
    [InlineData(AutopilotNodeStatus.Left)]
    [InlineData(AutopilotNodeStatus.Failed)]
    [InlineData(AutopilotNodeStatus.Unknown)]
    public void FollowerNotAlive_IsUnhealthy(AutopilotNodeStatus status)
    {
        Assert.False(Evaluate(Leader(), Follower("n2", status: status)).Servers["n2"].Healthy);
    }

    [Fact]
    public void NoLeaderOrEmptyLog_NobodyIsHealthy()
    {
        var leaderless = AutopilotEvaluator.Evaluate([Follower("n2"), Follower("n3")], 5000, 7, Defaults, Now, null);
        var empty = AutopilotEvaluator.Evaluate([Leader(index: 0)], 0, 7, Defaults, Now, null);

        Assert.All(leaderless.Servers.Values, s => Assert.False(s.Healthy));
        Assert.Equal(string.Empty, leaderless.Leader);
        Assert.False(empty.Servers["n1"].Healthy);
    }

    [Fact]
    public void FollowerThatNeverSentAHeartbeat_IsUnhealthyWithZeroLastContact()
    {
        var state = Evaluate(Leader(), Follower("n2") with { LastContact = null });

        Assert.False(state.Servers["n2"].Healthy);
        Assert.Equal("0s", state.Servers["n2"].LastContact);
    }

    [Fact]
    public void StableSince_CarriedWhileHealthUnchanged_ResetWhenItFlips()
    {
        var first = AutopilotEvaluator.Evaluate([Leader(), Follower("n2")], 5000, 7, Defaults, Now, null);
        var second = AutopilotEvaluator.Evaluate([Leader(), Follower("n2")], 5000, 7, Defaults, Now.AddSeconds(2), first);
        var third = AutopilotEvaluator.Evaluate([Leader(), Follower("n2", term: 6)], 5000, 7, Defaults, Now.AddSeconds(4), second);

        Assert.Equal(Now, second.Servers["n2"].StableSince);
        Assert.Equal(Now.AddSeconds(4), third.Servers["n2"].StableSince);
        Assert.Equal(Now, third.Servers["n1"].StableSince);
    }

    [Fact]
    public void Voters_SortedLeaderThenHealthyThenLongestStable()
    {
        var earlier = AutopilotEvaluator.Evaluate([Leader(), Follower("n3")], 5000, 7, Defaults, Now, null);
        var state = AutopilotEvaluator.Evaluate(
            [Follower("n2", status: AutopilotNodeStatus.Failed), Follower("n4"), Follower("n3"), Leader()], 5000, 7, Defaults, Now.AddSeconds(5), earlier);

        Assert.Equal(["n1", "n3", "n4", "n2"], state.Voters);
    }

    [Fact]
    public void NonVoters_CountOnlyTowardsOptimisticTolerance()
    {
        var state = Evaluate(Leader(), Follower("n2"), Follower("n3"), Follower("n4", voter: false));

        Assert.Equal(1, state.FailureTolerance);
        Assert.Equal(2, state.OptimisticFailureTolerance);
        Assert.Equal(["n4"], state.NonVoters);
        Assert.Equal(("non-voter", "non-voter"), (state.Servers["n4"].Status, state.Servers["n4"].NodeType));
        Assert.Equal(("leader", "voter"), (state.Servers["n1"].Status, state.Servers["n1"].NodeType));
    }

    [Fact]
    public void ShouldPromote_HealthyNonVoterAfterStabilizationTime()
    {
        var joined = Now;
        var state = AutopilotEvaluator.Evaluate([Leader(), Follower("n4", voter: false)], 5000, 7, Defaults, joined.AddSeconds(2), null);
        var server = state.Servers["n4"];
        var autopilotStart = joined.AddMinutes(-5);

        Assert.False(AutopilotEvaluator.ShouldPromote(server, Defaults, joined.AddSeconds(11), autopilotStart));
        Assert.True(AutopilotEvaluator.ShouldPromote(server, Defaults, joined.AddSeconds(12), autopilotStart));
        Assert.True(AutopilotEvaluator.ShouldPromote(server, Defaults, joined.AddSeconds(3), autopilotStartedAt: joined));
        Assert.False(AutopilotEvaluator.ShouldPromote(state.Servers["n1"], Defaults, joined.AddHours(1), autopilotStart));
    }

    [Fact]
    public void Config_Defaults_AreVaults()
    {
        Assert.Equal(
            (false, TimeSpan.FromSeconds(10), TimeSpan.FromHours(24), 1000L, 0, TimeSpan.FromSeconds(10), false),
            (Defaults.CleanupDeadServers, Defaults.LastContactThreshold, Defaults.DeadServerLastContactThreshold, Defaults.MaxTrailingLogs,
                Defaults.MinQuorum, Defaults.ServerStabilizationTime, Defaults.DisableUpgradeMigration));
    }
}
