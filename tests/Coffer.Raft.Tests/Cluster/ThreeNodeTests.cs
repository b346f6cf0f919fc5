using System.Text;
using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using Coffer.Testing;

namespace Coffer.Raft.Tests.Cluster;

public sealed class ThreeNodeTests
{
    private static PhysicalEntry Entry(string key, string value) => new(key, Encoding.UTF8.GetBytes(value));

    private static async Task<string?> TextAsync(RaftBackend node, string key, CancellationToken ct) =>
        await node.GetAsync(key, ct) is { } entry ? Encoding.UTF8.GetString(entry.Value) : null;

    [Fact(Timeout = 90_000)]
    public async Task AddMember_TwoJoiners_EveryNodeListsThreeVotersWithTheirNodeIds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var leader = await cluster.LeaderAsync();

        await Eventually.TrueAsync(
            () => cluster.Running.All(n => n.Members.Select(m => m.NodeId).SequenceEqual(["n1", "n2", "n3"])),
            RaftTestCluster.Patience,
            "node ids replicated to every node");
        foreach (var node in cluster.Running)
        {
            var members = node.Members;
            Assert.All(members, m => Assert.True(m.IsVoter));
            Assert.Equal([leader.NodeId], members.Where(m => m.IsLeader).Select(m => m.NodeId));
            Assert.Equal([node.NodeId], members.Where(m => m.IsLocal).Select(m => m.NodeId));
            Assert.Equal(cluster[m(node)].ClusterAddress, members.Single(x => x.IsLocal).Address);
            Assert.Equal(leader.NodeId, node.LeaderId);
        }

        await leader.PutAsync(Entry("k", "v"), ct);
        Assert.Equal("v", await TextAsync(cluster.Running.First(n => !n.IsLeader), "k", ct));

        static string m(RaftBackend node) => node.NodeId;
    }

    [Fact(Timeout = 90_000)]
    public async Task LeaderWrites_FollowersReadAfterBarrier_SeeEveryWrite()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var leader = await cluster.LeaderAsync();

        for (var i = 0; i < 50; i++)
        {
            await leader.PutAsync(Entry($"data/{i:D2}", $"v{i}"), ct);
        }

        await leader.DeleteAsync("data/07", ct);
        await leader.CommitAsync([PhysicalOperation.Put("tx/a", "A"u8.ToArray()), PhysicalOperation.Delete("data/08")], ct);

        foreach (var follower in cluster.Running.Where(n => !n.IsLeader))
        {
            // No waiting: the read barrier alone must make the follower current.
            Assert.Equal("v49", await TextAsync(follower, "data/49", ct));
            Assert.Null(await follower.GetAsync("data/07", ct));
            Assert.Null(await follower.GetAsync("data/08", ct));
            Assert.Equal("A", await TextAsync(follower, "tx/a", ct));
            Assert.Equal(48, (await follower.ListAsync("data/", ct)).Count);
            Assert.Equal(leader.AppliedIndex, follower.AppliedIndex);
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task FollowerWrite_AnyKind_ThrowsStandbyAndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var leader = await cluster.LeaderAsync();
        var follower = cluster.Running.First(n => !n.IsLeader);

        var put = await Assert.ThrowsAsync<CofferException>(() => follower.PutAsync(Entry("k", "v"), ct));
        var delete = await Assert.ThrowsAsync<CofferException>(() => follower.DeleteAsync("k", ct));
        var commit = await Assert.ThrowsAsync<CofferException>(() => follower.CommitAsync([PhysicalOperation.Put("k", [1])], ct));
        var add = await Assert.ThrowsAsync<CofferException>(() => follower.AddMemberAsync("n9", "127.0.0.1:1", ct));

        Assert.All([put, delete, commit, add], e => Assert.Equal(ErrorKind.Standby, e.Kind));
        Assert.Equal("node is not the active node", put.Message);
        Assert.Null(await leader.GetAsync("k", ct));
    }

    [Fact(Timeout = 120_000)]
    public async Task LeaderStops_RemainingTwo_ElectANewLeaderThatAcceptsWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var oldLeader = await cluster.LeaderAsync();
        await oldLeader.PutAsync(Entry("before", "1"), ct);
        var changes = new List<RaftLeadershipChangedEventArgs>();
        var survivors = cluster.Running.Where(n => n != oldLeader).ToList();
        foreach (var survivor in survivors)
        {
            survivor.LeadershipChanged += (_, e) => { lock (changes) { changes.Add(e); } };
        }

        var termBefore = oldLeader.Term;
        await cluster.StopAsync(oldLeader.NodeId);
        var newLeader = await cluster.LeaderAsync();
        await newLeader.PutAsync(Entry("after", "2"), ct);

        Assert.NotEqual(oldLeader.NodeId, newLeader.NodeId);
        Assert.True(newLeader.Term > termBefore);
        foreach (var survivor in survivors)
        {
            Assert.Equal("1", await TextAsync(survivor, "before", ct));
            Assert.Equal("2", await TextAsync(survivor, "after", ct));
        }

        await Eventually.TrueAsync(
            () => { lock (changes) { return changes.Any(c => c.IsLeader && c.LeaderId == newLeader.NodeId); } },
            RaftTestCluster.Patience,
            "the new leader raised LeadershipChanged with IsLeader");
    }

    [Fact(Timeout = 120_000)]
    public async Task RestartEveryNode_FromDisk_KeepsAllAcknowledgedData()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var leader = await cluster.LeaderAsync();
        for (var i = 0; i < 100; i++)
        {
            await leader.PutAsync(Entry($"keep/{i:D3}", $"value {i}"), ct);
        }

        await leader.DeleteAsync("keep/050", ct);
        await leader.CommitAsync([PhysicalOperation.Put("tx/1", "one"u8.ToArray()), PhysicalOperation.Delete("keep/051")], ct);
        var ids = cluster.NodeIds.ToList();

        foreach (var id in ids)
        {
            await cluster.StopAsync(id);
        }

        foreach (var id in ids)
        {
            await cluster.RestartAsync(id);
        }

        var newLeader = await cluster.LeaderAsync();
        await newLeader.PutAsync(Entry("after-restart", "yes"), ct);
        foreach (var node in cluster.Running)
        {
            var keys = await node.ListAsync("keep/", ct);
            Assert.Equal(98, keys.Count);
            Assert.DoesNotContain("050", keys);
            Assert.Equal("value 99", await TextAsync(node, "keep/099", ct));
            Assert.Equal("one", await TextAsync(node, "tx/1", ct));
            Assert.Equal("yes", await TextAsync(node, "after-restart", ct));
            Assert.Equal(["n1", "n2", "n3"], node.Members.Select(m => m.NodeId));
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task RemoveMember_Follower_LeavesTheConfigurationAndWritesContinue()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = await RaftTestCluster.StartThreeAsync();
        var leader = await cluster.LeaderAsync();
        var removed = cluster.Running.First(n => !n.IsLeader).NodeId;

        await leader.RemoveMemberAsync(removed, ct);
        await cluster.StopAsync(removed);
        await leader.PutAsync(Entry("k", "v"), ct);

        Assert.Equal(2, leader.Members.Count);
        Assert.DoesNotContain(removed, leader.Members.Select(m => m.NodeId));
        var error = await Assert.ThrowsAsync<CofferException>(() => leader.RemoveMemberAsync("nobody", ct));
        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
    }
}
