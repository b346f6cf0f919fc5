using Coffer.Raft.Autopilot;
using Microsoft.Extensions.Time.Testing;

namespace Coffer.Raft.Tests.Autopilot;

/// <summary>The leader's bookkeeping of follower heartbeats, fed to the autopilot rules.</summary>
public sealed class AutopilotTrackerTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 5, 1, 9, 0, 0, TimeSpan.Zero));

    private static readonly RaftMember[] ThreeMembers =
    [
        new("n1", "127.0.0.1:8201", IsVoter: true, IsLeader: true, IsLocal: true),
        new("n2", "127.0.0.1:8211", IsVoter: true, IsLeader: false, IsLocal: false),
        new("n3", "127.0.0.1:8221", IsVoter: true, IsLeader: false, IsLocal: false),
    ];

    private AutopilotTracker Tracker(AutopilotConfig? config = null) => new(_clock, "1.21.0") { Config = config ?? new AutopilotConfig() };

    private void Report(AutopilotTracker tracker, string nodeId, long index = 40, long term = 3) =>
        Assert.True(tracker.RecordHeartbeat(nodeId, index, term, "1.21.0", _clock.GetUtcNow()));

    [Fact]
    public void Evaluate_EveryFollowerReported_ThreeHealthyVotersTolerateOne()
    {
        var tracker = Tracker();
        Report(tracker, "n2");
        Report(tracker, "n3");
        _clock.Advance(TimeSpan.FromMilliseconds(700));

        var state = tracker.Evaluate(ThreeMembers, leaderLastIndex: 42, leaderTerm: 3);

        Assert.True(state.Healthy);
        Assert.Equal(1, state.FailureTolerance);
        Assert.Equal("n1", state.Leader);
        Assert.Equal("700ms", state.Servers["n2"].LastContact);
        Assert.Equal("0s", state.Servers["n1"].LastContact);
        Assert.Equal(42, state.Servers["n1"].LastIndex);
        Assert.Equal(40, state.Servers["n3"].LastIndex);
        Assert.Equal("1.21.0", state.Servers["n3"].UpgradeVersion);
    }

    [Fact]
    public void Evaluate_FollowerNeverReported_IsUnhealthy()
    {
        var tracker = Tracker();
        Report(tracker, "n2");

        var state = tracker.Evaluate(ThreeMembers, leaderLastIndex: 42, leaderTerm: 3);

        Assert.False(state.Servers["n3"].Healthy);
        Assert.True(state.Servers["n2"].Healthy);
        Assert.Equal(0, state.FailureTolerance);
    }

    [Fact]
    public void Evaluate_SilentPastThreshold_UnhealthyThenHealthyAgainWithNewStableSince()
    {
        var tracker = Tracker(new AutopilotConfig { LastContactThreshold = TimeSpan.FromSeconds(2) });
        Report(tracker, "n2");
        Report(tracker, "n3");
        var first = tracker.Evaluate(ThreeMembers, 42, 3);

        _clock.Advance(TimeSpan.FromSeconds(3));
        Report(tracker, "n2");
        var silent = tracker.Evaluate(ThreeMembers, 42, 3);
        Assert.False(silent.Servers["n3"].Healthy);
        Assert.Equal(first.Servers["n2"].StableSince, silent.Servers["n2"].StableSince);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Report(tracker, "n3");
        var back = tracker.Evaluate(ThreeMembers, 42, 3);
        Assert.True(back.Servers["n3"].Healthy);
        Assert.Equal(_clock.GetUtcNow(), back.Servers["n3"].StableSince);
    }

    [Fact]
    public void RecordHeartbeat_OlderOrReplayed_IsRefused()
    {
        var tracker = Tracker();
        var sentAt = _clock.GetUtcNow();
        Assert.True(tracker.RecordHeartbeat("n2", 40, 3, "1.21.0", sentAt));

        Assert.False(tracker.RecordHeartbeat("n2", 41, 3, "1.21.0", sentAt));
        Assert.False(tracker.RecordHeartbeat("n2", 41, 3, "1.21.0", sentAt.AddSeconds(-1)));
        Assert.True(tracker.RecordHeartbeat("n2", 41, 3, "1.21.0", sentAt.AddMilliseconds(1)));
    }

    [Fact]
    public void Reset_ForgetsReports()
    {
        var tracker = Tracker();
        Report(tracker, "n2");
        Report(tracker, "n3");

        tracker.Reset();

        Assert.False(tracker.Evaluate(ThreeMembers, 42, 3).Healthy);
    }

    [Fact]
    public void DeadServersToRemove_CleanupOff_RemovesNothing()
    {
        var tracker = Tracker(new AutopilotConfig { DeadServerLastContactThreshold = TimeSpan.FromMinutes(1) });
        tracker.Evaluate(ThreeMembers, 42, 3);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.Empty(tracker.DeadServersToRemove(ThreeMembers));
    }

    [Fact]
    public void DeadServersToRemove_CleanupOnAndSilentPastDeadThreshold_RemovesWithinMinQuorum()
    {
        var tracker = Tracker(new AutopilotConfig
        {
            CleanupDeadServers = true,
            DeadServerLastContactThreshold = TimeSpan.FromMinutes(1),
            MinQuorum = 2,
        });
        Report(tracker, "n2");
        Report(tracker, "n3");
        _clock.Advance(TimeSpan.FromSeconds(90));
        Report(tracker, "n2");

        Assert.Equal(["n3"], tracker.DeadServersToRemove(ThreeMembers));
        Assert.Equal("left", tracker.Evaluate(ThreeMembers, 42, 3).Servers["n3"].NodeStatus);
    }
}
