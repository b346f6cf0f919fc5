using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.Tests.Cluster;

/// <summary>Reads under a leader lease (<see cref="RaftOptions.LeaderLeaseReads"/>) stay linearizable.</summary>
public sealed class LeaderLeaseReadTests
{
    private static RaftOptions WithLeases(RaftOptions options) => options with { LeaderLeaseReads = true };

    [Fact(Timeout = 90_000)]
    public async Task LeaseReads_OnTheLeader_SeeEveryAcknowledgedWrite_AndStandbysAgree()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync(WithLeases);
        var leader = await cluster.LeaderAsync();
        var standby = cluster.Running.First(n => !n.IsLeader);

        for (var i = 0; i < 200; i++)
        {
            await leader.PutAsync(new PhysicalEntry("counter", BitConverter.GetBytes(i)), ct);
            var read = await leader.GetAsync("counter", ct);
            Assert.Equal(i, BitConverter.ToInt32(read!.Value));
        }

        // A standby has no lease; its strong barrier asks the leader, so it sees the last write as well.
        var fromStandby = await standby.GetAsync("counter", ct);
        Assert.Equal(199, BitConverter.ToInt32(fromStandby!.Value));
    }

    [Fact(Timeout = 90_000)]
    public async Task LeaseReads_LeaderCutOffFromTheMajority_StopsAnsweringOnceTheLeaseRunsOut()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync(WithLeases);
        var leader = await cluster.LeaderAsync();
        await leader.PutAsync(new PhysicalEntry("k", [1]), ct);
        foreach (var id in cluster.NodeIds.Where(id => id != leader.NodeId).ToList())
        {
            await cluster.StopAsync(id);
        }

        // Without followers the lease is not renewed: a leader that kept reading its own state would serve stale
        // data once the others elect a new leader. Reads must fail soon after the lease (a fraction of a second).
        await ReadRefusal.AssertUnavailableWithinAsync(leader, "k", TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(20));
    }
}
