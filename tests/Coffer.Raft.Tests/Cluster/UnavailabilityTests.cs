using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.Tests.Cluster;

public sealed class UnavailabilityTests
{
    [Fact(Timeout = 60_000)]
    public async Task NodeNotYetAdded_ReadsAndWrites_FailFastWithoutALeader()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = new RaftTestCluster();
        var waiting = await cluster.StartNodeAsync("joiner", bootstrap: false);

        var read = await Assert.ThrowsAsync<CofferException>(() => waiting.GetAsync("k", ct));
        var write = await Assert.ThrowsAsync<CofferException>(() => waiting.PutAsync(new PhysicalEntry("k", [1]), ct));

        Assert.Equal(ErrorKind.Unavailable, read.Kind);
        Assert.Equal(ErrorKind.Standby, write.Kind);
        Assert.False(waiting.IsLeader);
        Assert.Null(waiting.LeaderAddress);
        Assert.Empty(waiting.Members);
    }

    [Fact(Timeout = 90_000)]
    public async Task MajorityLost_SurvivorReads_FailWithinBoundedTime()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var leader = await cluster.LeaderAsync();
        await leader.PutAsync(new PhysicalEntry("k", [1]), ct);
        var survivor = cluster.Running.First(n => !n.IsLeader);
        foreach (var id in cluster.NodeIds.Where(id => id != survivor.NodeId).ToList())
        {
            await cluster.StopAsync(id);
        }

        // The survivor may still answer from its last known leader for a moment; it must give up soon after.
        await ReadRefusal.AssertUnavailableWithinAsync(survivor, "k", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50));
    }
}
