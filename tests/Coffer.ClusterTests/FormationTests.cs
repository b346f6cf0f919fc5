using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coffer.Testing;
using Coffer.Testing.Processes;

namespace Coffer.ClusterTests;

/// <summary>
/// Forming a three-node cluster as an operator does: init and unseal the first node, join the others (with the CLI,
/// or by <c>retry_join</c> in their configuration) and unseal each with the same key shares.
/// </summary>
[Trait("Category", "Cluster")]
public sealed class FormationTests : IAsyncLifetime
{
    private readonly string _home = Directory.CreateTempSubdirectory("coffer-cluster-home-").FullName;
    private CofferCluster _cluster = null!;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        Directory.Delete(_home, recursive: true);
    }

    [Fact(Timeout = 90_000)]
    public async Task JoinWithTheCli_ThreeVotersAndAWriteThroughAStandbyIsSeenEverywhere()
    {
        _cluster = new CofferCluster(3);
        var cli = new ClusterCli(_cluster, _home);
        await _cluster.StartAllAsync();
        var (first, second, third) = (_cluster[0], _cluster[1], _cluster[2]);

        var init = JsonNode.Parse((await cli.RunAsync(first, "coffer operator init -key-shares=3 -key-threshold=2 -format=json")).Stdout)!;
        var keys = init["unseal_keys_b64"]!.AsArray().Select(k => (string)k!).ToList();
        cli.Token = (string)init["root_token"]!;
        foreach (var key in keys.Take(2))
        {
            await cli.RunAsync(first, $"coffer operator unseal '{key}'");
        }

        var nonVoter = await cli.RunAsync(second, $"coffer operator raft join -non-voter {first.Address}", expectedExit: 2);
        Assert.Contains("non-voters are not supported", nonVoter.Stderr);

        foreach (var node in new[] { second, third })
        {
            var joined = await cli.RunAsync(node, $"coffer operator raft join {first.Address}");
            Assert.Matches(@"Joined\s+true", joined.Stdout);
            var status = JsonNode.Parse((await cli.RunAsync(node, "coffer status -format=json", expectedExit: 2)).Stdout)!;
            Assert.True((bool)status["initialized"]!);
            Assert.True((bool)status["sealed"]!);
            Assert.Equal(2, (int)status["t"]!);
            foreach (var key in keys.Skip(1))
            {
                await cli.RunAsync(node, $"coffer operator unseal '{key}'");
            }
        }

        var peers = JsonNode.Parse((await cli.RunAsync(third, "coffer operator raft list-peers -format=json")).Stdout)!;
        var servers = peers["data"]!["config"]!["servers"]!.AsArray();
        Assert.Equal(["node-1", "node-2", "node-3"], servers.Select(s => (string)s!["node_id"]!));
        Assert.All(servers, s => Assert.True((bool)s!["voter"]!));
        Assert.All(servers, s => Assert.Equal("3", (string)s!["protocol_version"]!));
        Assert.Single(servers, s => (bool)s!["leader"]!);
        Assert.Equal(first.ClusterAddress, (string)servers[0]!["address"]!);
        var table = (await cli.RunAsync(second, "coffer operator raft list-peers")).Stdout;
        Assert.Single(Regex.Matches(table, @"node-\d\s+127\.0\.0\.1:\d+\s+leader\s+true"));
        Assert.Equal(2, Regex.Matches(table, @"node-\d\s+127\.0\.0\.1:\d+\s+follower\s+true").Count);

        // A write through a standby is forwarded to the active node and read back on every node.
        await cli.RunAsync(third, "coffer secrets enable -path=kv kv");
        await cli.RunAsync(third, "coffer write kv/app colour=blue");
        foreach (var node in _cluster.Nodes)
        {
            Assert.Equal("blue", (await cli.RunAsync(node, "coffer read -field=colour kv/app")).Stdout.Trim());
        }

        await Eventually.TrueAsync(async () =>
        {
            var state = JsonNode.Parse((await cli.RunAsync(second, "coffer operator raft autopilot state -format=json")).Stdout)!;
            return (bool)state["healthy"]! && (int)state["failure_tolerance"]! == 1 && state["voters"]!.AsArray().Count == 3;
        }, TimeSpan.FromSeconds(20), "three healthy voters tolerating one failure", TestContext.Current.CancellationToken);
        var pretty = (await cli.RunAsync(third, "coffer operator raft autopilot state")).Stdout;
        Assert.Contains("Failure Tolerance:", pretty);
        Assert.Contains("node-3", pretty);
    }

    [Fact(Timeout = 90_000)]
    public async Task RetryJoin_NodesJoinWhenUnsealed_AndStandbysAnswerAsStandbys()
    {
        _cluster = new CofferCluster(3, retryJoin: true);
        await _cluster.StartAllAsync();
        await _cluster.InitAsync();
        await _cluster[0].UnsealAsync(_cluster.Keys);
        await _cluster.WaitForActiveAsync();

        foreach (var node in _cluster.Nodes.Skip(1))
        {
            // retry_join fetches the leader's challenge in the background; the node then reports itself initialised.
            await Eventually.TrueAsync(async () => (bool)(await node.SealStatusAsync())["initialized"]!, TimeSpan.FromSeconds(30), $"{node.NodeId} received a challenge", TestContext.Current.CancellationToken);
            await node.UnsealAsync(_cluster.Keys);
        }

        await _cluster.WaitForVotersAsync(3);
        var active = await _cluster.WaitForActiveAsync();
        var standby = _cluster.Nodes.First(n => n != active);

        var health = await standby.SendAsync(HttpMethod.Get, "sys/health");
        Assert.Equal(HttpStatusCode.TooManyRequests, health.Status);
        Assert.True((bool)health.Body!["standby"]!);
        Assert.Equal(HttpStatusCode.OK, (await standby.SendAsync(HttpMethod.Get, "sys/health?standbyok=true")).Status);
        Assert.False((bool)(await active.SendAsync(HttpMethod.Get, "sys/health")).Body!["standby"]!);

        var leader = (await standby.RequireAsync(HttpMethod.Get, "sys/leader"))!;
        Assert.True((bool)leader["ha_enabled"]!);
        Assert.False((bool)leader["is_self"]!);
        Assert.Equal(active.Address, (string)leader["leader_address"]!);
        Assert.Equal("https://" + active.ClusterAddress, (string)leader["leader_cluster_address"]!);
        Assert.True((long)leader["raft_committed_index"]! > 0);
        Assert.True((long)leader["raft_applied_index"]! > 0);
        Assert.Equal("raft", (string)(await standby.SealStatusAsync())["storage_type"]!);

        var redirect = await standby.SendWithLocationAsync(HttpMethod.Get, "sys/mounts?x=1", token: _cluster.RootToken,
            headers: new Dictionary<string, string> { ["X-Vault-No-Request-Forwarding"] = "true" });
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.Status);
        Assert.Equal(new Uri(active.Address + "/v1/sys/mounts?x=1"), redirect.Location);
        var forwarded = await standby.SendAsync(HttpMethod.Get, "sys/mounts", token: _cluster.RootToken);
        Assert.Equal(HttpStatusCode.OK, forwarded.Status);
        Assert.NotNull(forwarded.Body!["data"]!["sys/"]);
    }
}
