using System.Text;
using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.Tests.Cluster;

public sealed class SingleNodeTests
{
    [Fact(Timeout = 60_000)]
    public async Task Bootstrap_PutGetListCommit_BehavesLikeStorage()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var cluster = new RaftTestCluster();
        var node = await cluster.StartNodeAsync("solo", bootstrap: true);

        Assert.True(node.IsLeader);
        await node.PutAsync(new PhysicalEntry("core/keyring", "k1"u8.ToArray()), ct);
        await node.PutAsync(new PhysicalEntry("core/seal", "s"u8.ToArray()), ct);
        await node.CommitAsync([PhysicalOperation.Put("logical/a", "A"u8.ToArray()), PhysicalOperation.Delete("core/seal")], ct);

        var keyring = await node.GetAsync("core/keyring", ct);
        Assert.NotNull(keyring);
        Assert.Equal("k1", Encoding.UTF8.GetString(keyring.Value));
        Assert.Null(await node.GetAsync("core/seal", ct));
        Assert.Equal(["core/", "logical/"], await node.ListAsync("", ct));
        Assert.Equal(["keyring"], await node.ListAsync("core/", ct));
        Assert.Equal("raft", node.Name);
        Assert.Equal([new RaftMember("solo", node.ClusterAddress, true, true, true)], node.Members);
        Assert.Equal("solo", node.LeaderId);
        Assert.True(node.AppliedIndex >= 4);
        Assert.True(node.CommitIndex >= node.AppliedIndex);
    }
}
