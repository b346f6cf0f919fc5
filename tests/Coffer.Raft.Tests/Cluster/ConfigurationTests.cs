using System.Net;
using Coffer.Raft.Cluster;

namespace Coffer.Raft.Tests.Cluster;

public sealed class ConfigurationTests
{
    private static RaftOptions Options(int multiplier, TimeSpan? requestTimeout = null) => new()
    {
        NodeId = "n",
        DataPath = "/unused",
        ClusterAddress = "127.0.0.1:8201",
        PerformanceMultiplier = multiplier,
        RequestTimeout = requestTimeout,
    };

    [Theory]
    [InlineData(1, 150, 300, 1000)]
    [InlineData(0, 750, 1500, 3000)]
    [InlineData(5, 750, 1500, 3000)]
    [InlineData(10, 1500, 3000, 6000)]
    public void Timings_FromMultiplier_ScaleElectionsAndKeepRequestTimeoutAtLeastOneSecond(int multiplier, int lower, int upper, int requestMs)
    {
        var timings = RaftTimings.From(Options(multiplier));

        Assert.Equal((lower, upper), (timings.LowerElectionTimeoutMs, timings.UpperElectionTimeoutMs));
        Assert.Equal(TimeSpan.FromMilliseconds(requestMs), timings.RequestTimeout);
        Assert.True(timings.ConnectTimeout <= timings.RequestTimeout);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(11)]
    public void Timings_MultiplierOutOfRange_Throws(int multiplier)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RaftTimings.From(Options(multiplier)));
    }

    [Fact]
    public void Timings_ExplicitRequestTimeout_Wins()
    {
        Assert.Equal(TimeSpan.FromSeconds(9), RaftTimings.From(Options(1, TimeSpan.FromSeconds(9))).RequestTimeout);
    }

    [Theory]
    [InlineData("127.0.0.1:8201", "127.0.0.1:8201")]
    [InlineData("[::1]:8201", "[::1]:8201")]
    [InlineData("node1.example:8201", "node1.example:8201")]
    public void ClusterEndPoints_ParseFormat_RoundTrips(string address, string canonical)
    {
        Assert.Equal(canonical, ClusterEndPoints.Format(ClusterEndPoints.Parse(address)));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("host:")]
    [InlineData("host:70000")]
    [InlineData(":8201")]
    public void ClusterEndPoints_WithoutValidPort_Throws(string address)
    {
        Assert.Throws<FormatException>(() => ClusterEndPoints.Parse(address));
    }

    [Fact]
    public void ListenEndPoint_DnsClusterAddress_ListensOnEveryInterface()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Any, 8201), ClusterEndPoints.ListenEndPoint(null, ClusterEndPoints.Parse("node1.example:8201")));
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9000), ClusterEndPoints.ListenEndPoint("127.0.0.1:9000", ClusterEndPoints.Parse("node1.example:8201")));
    }

    [Fact]
    public async Task Start_DataDirectoryOfAnotherNode_IsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var directory = new Infrastructure.TemporaryDirectory();
        await using (var first = new RaftBackend(new RaftOptions { NodeId = "a", DataPath = directory.Path, ClusterAddress = Infrastructure.FreePort.NextAddress(), Bootstrap = true, PerformanceMultiplier = 1 }))
        {
            await first.StartAsync(ct);
        }

        await using var second = new RaftBackend(new RaftOptions { NodeId = "b", DataPath = directory.Path, ClusterAddress = Infrastructure.FreePort.NextAddress(), PerformanceMultiplier = 1 });
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync(ct));
        Assert.Contains("'a'", error.Message);
    }
}
