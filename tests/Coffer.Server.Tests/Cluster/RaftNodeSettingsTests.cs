using Coffer.Server.Configuration;
using Coffer.Server.Hosting;

namespace Coffer.Server.Tests.Cluster;

/// <summary>How a <c>storage "raft"</c> stanza, the listener and the addresses become a node's settings.</summary>
public sealed class RaftNodeSettingsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-raft-settings-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private ServerConfig Config(string? clusterAddr = null, string? apiAddr = null, string? listenerCluster = null) => new()
    {
        Listeners = [new ListenerConfig { Address = "127.0.0.1:8200", ClusterAddress = listenerCluster, TlsDisable = true }],
        ClusterAddr = clusterAddr,
        ApiAddr = apiAddr,
    };

    private RaftStorageConfig Raft(string? nodeId = null) => new() { Path = Path.Combine(_directory, "raft"), NodeId = nodeId, PerformanceMultiplier = 2 };

    [Fact]
    public void Resolve_Defaults_ClusterPortIsApiPortPlusOneAndApiAddressIsTheListener()
    {
        var (node, apiAddress) = RaftNodeSettings.Resolve(Config(), Raft("a"), "1.21.0");

        Assert.Equal("127.0.0.1:8201", node.ListenAddress);
        Assert.Equal("127.0.0.1:8201", node.ClusterAddress);
        Assert.Equal("http://127.0.0.1:8200", apiAddress);
        Assert.Equal("a", node.NodeId);
        Assert.Equal(2, node.PerformanceMultiplier);
    }

    [Fact]
    public void Resolve_Addresses_ClusterAddrIsAdvertisedAndTheListenerBinds()
    {
        var (node, apiAddress) = RaftNodeSettings.Resolve(
            Config(clusterAddr: "https://node-a.example:8301", apiAddr: "https://node-a.example:8200/", listenerCluster: "0.0.0.0:8301"),
            Raft("a"), "1.21.0");

        Assert.Equal("0.0.0.0:8301", node.ListenAddress);
        Assert.Equal("node-a.example:8301", node.ClusterAddress);
        Assert.Equal("https://node-a.example:8200", apiAddress);
    }

    [Fact]
    public void Resolve_WildcardListenerWithoutClusterAddr_IsRefused()
    {
        var error = Assert.Throws<ServerStartupException>(() => RaftNodeSettings.Resolve(Config(listenerCluster: "0.0.0.0:8201"), Raft("a"), "1.21.0"));

        Assert.Contains("cluster_addr must be set", error.Message);
    }

    [Fact]
    public void Resolve_NoNodeId_GeneratesOneAndKeepsItAcrossRestarts()
    {
        var (first, _) = RaftNodeSettings.Resolve(Config(), Raft(), "1.21.0");
        var (second, _) = RaftNodeSettings.Resolve(Config(), Raft(), "1.21.0");

        Assert.True(Guid.TryParse(first.NodeId, out _));
        Assert.Equal(first.NodeId, second.NodeId);
        Assert.Equal(first.NodeId, File.ReadAllText(Path.Combine(_directory, "raft", "node-id")));
    }
}
