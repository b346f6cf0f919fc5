using System.Text;
using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Physical;
using Coffer.Testing;

namespace Coffer.Raft.Tests.Cluster;

/// <summary>A node held back from candidacy (a sealed Coffer node) hands leadership over and never takes it back.</summary>
public sealed class CandidacyTests
{
    [Fact(Timeout = 90_000)]
    public async Task SetCandidacyFalse_OnTheLeader_AnotherNodeLeads_AndWritesContinue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var first = await cluster.LeaderAsync();

        Assert.True(await first.SetCandidacyAsync(false, ct));

        Assert.False(first.MayLead);
        var second = await cluster.LeaderAsync();
        Assert.NotEqual(first.NodeId, second.NodeId);
        await second.PutAsync(new PhysicalEntry("after", Encoding.UTF8.GetBytes("handover")), ct);
        Assert.Equal("handover", Encoding.UTF8.GetString((await first.GetAsync("after", ct))!.Value));
    }

    [Fact(Timeout = 90_000)]
    public async Task HeldBackNodes_NeverLead_UntilAllowedAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var leader = await cluster.LeaderAsync();
        var followers = cluster.Running.Where(n => n != leader).ToList();
        foreach (var follower in followers)
        {
            Assert.True(await follower.SetCandidacyAsync(false, ct));
        }

        await cluster.StopAsync(leader.NodeId);
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        Assert.All(followers, f => Assert.False(f.IsLeader));

        Assert.True(await followers[0].SetCandidacyAsync(true, ct));
        await Eventually.TrueAsync(() => followers[0].IsLeader, RaftTestCluster.Patience, "the node allowed to lead leads");
        Assert.False(followers[1].IsLeader);
    }
}
