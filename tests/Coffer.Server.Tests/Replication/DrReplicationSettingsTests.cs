using System.Net;
using Coffer.Server.Hosting;
using Coffer.Server.Replication;

namespace Coffer.Server.Tests.Replication;

public sealed class DrReplicationSettingsTests
{
    [Fact]
    public void ClusterListener_NoClusterAddress_IsTheApiPortPlusOne()
    {
        var settings = DrReplicationSettings.From([new ListenerOptions("127.0.0.1:8200")], () => "");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8201), settings.ClusterListener);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8201), settings.ListenEndpointFor(""));
    }

    [Fact]
    public void ClusterListener_ListenerClusterAddress_Wins()
    {
        var settings = DrReplicationSettings.From([new ListenerOptions("127.0.0.1:8200") { ClusterAddress = "127.0.0.1:9301" }], () => "");
        Assert.Equal(9301, settings.ClusterListener.Port);
    }

    [Fact]
    public void ListenEndpoint_PrimaryClusterAddress_MovesOnlyThePort()
    {
        var settings = DrReplicationSettings.From([new ListenerOptions("127.0.0.1:8200")], () => "");
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 9443), settings.ListenEndpointFor("https://lb.example:9443"));
    }

    [Fact]
    public void ClusterListener_SystemPickedApiPort_LetsTheSystemPickAgain()
    {
        var settings = DrReplicationSettings.From([new ListenerOptions("127.0.0.1:0")], () => "");
        Assert.Equal(0, settings.ClusterListener.Port);
    }

    [Fact]
    public void AdvertisedAddress_EveryInterface_UsesTheApiHost()
    {
        var settings = DrReplicationSettings.From([new ListenerOptions("0.0.0.0:8200")], () => "https://vault-a.example:8200");
        Assert.Equal("https://vault-a.example:8201", settings.AdvertisedAddress(settings.ClusterListener));
        Assert.Null(DrReplicationSettings.From([new ListenerOptions("127.0.0.1:8200")], () => "").AdvertisedAddress(new IPEndPoint(IPAddress.Loopback, 8201)));
    }
}
