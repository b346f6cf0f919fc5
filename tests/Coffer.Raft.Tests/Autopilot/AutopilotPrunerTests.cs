using Coffer.Raft.Autopilot;

namespace Coffer.Raft.Tests.Autopilot;

public sealed class AutopilotPrunerTests
{
    private static readonly AutopilotConfig Cleanup = new() { CleanupDeadServers = true, MinQuorum = 3 };

    private static AutopilotPruneCandidate Voter(string id, bool dead = false, bool known = true) =>
        new(id, IsVoter: true, IsPotentialVoter: true, known, dead ? AutopilotNodeStatus.Left : AutopilotNodeStatus.Alive);

    private static AutopilotPruneCandidate[] Voters(int alive, int dead) =>
        [.. Enumerable.Range(1, alive).Select(i => Voter($"a{i}")), .. Enumerable.Range(1, dead).Select(i => Voter($"d{i}", dead: true))];

    [Theory]
    [InlineData(3, 2, new[] { "d1", "d2" })]
    [InlineData(2, 3, new[] { "d1", "d2" })]
    [InlineData(2, 1, new string[0])]
    public void SelectRemovals_DeadVoters_RespectMinQuorumAndMinority(int alive, int dead, string[] removed)
    {
        Assert.Equal(removed, AutopilotPruner.SelectRemovals(Voters(alive, dead), Cleanup));
    }

    [Fact]
    public void SelectRemovals_CleanupDisabled_RemovesNothing()
    {
        Assert.Empty(AutopilotPruner.SelectRemovals(Voters(3, 2), Cleanup with { CleanupDeadServers = false }));
    }

    [Fact]
    public void SelectRemovals_StaleBeforeFailed_NonVotersAlwaysRemovable()
    {
        AutopilotPruneCandidate[] servers =
        [
            Voter("a1"), Voter("a2"), Voter("a3"),
            Voter("failed", dead: true),
            Voter("stale", known: false),
            new("learner", IsVoter: false, IsPotentialVoter: false, KnownToApplication: true, AutopilotNodeStatus.Failed),
        ];

        Assert.Equal(["stale", "learner", "failed"], AutopilotPruner.SelectRemovals(servers, Cleanup with { MinQuorum = 1 }));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData(23.9, false)]
    [InlineData(24.1, true)]
    public void IsDead_AfterTheDeadServerThreshold(double? hoursSilent, bool dead)
    {
        var elapsed = hoursSilent is { } hours ? TimeSpan.FromHours(hours) : (TimeSpan?)null;

        Assert.Equal(dead, AutopilotPruner.IsDead(elapsed, Cleanup));
        Assert.False(AutopilotPruner.IsDead(TimeSpan.FromDays(3), Cleanup with { CleanupDeadServers = false }));
    }
}
