using System.Globalization;
using System.Net;
using Coffer.Server.Hosting;

namespace Coffer.Server.Replication;

/// <summary>
/// Where the DR primary's replication service listens and what address it hands to secondaries, derived from the
/// first listener: its <c>cluster_address</c>, else its API port + 1 on the same host, as Vault's cluster port. On
/// integrated storage Raft holds that port, so replication takes the next one (Raft's listen port + 1). A
/// <c>primary_cluster_addr</c> given at enable moves the port (the host stays the listener's: it is the address a
/// load balancer forwards to); on a Raft cluster only the active node listens, so the nodes can share it.
/// </summary>
internal sealed record DrReplicationSettings(IPEndPoint ClusterListener, Func<string> ApiAddress)
{
    /// <summary>Settings from the server's listeners; <paramref name="apiAddress"/> resolves once the server listens.</summary>
    public static DrReplicationSettings From(IReadOnlyList<ListenerOptions> listeners, Func<string> apiAddress, string? raftListenAddress = null)
    {
        var first = listeners.Count > 0 ? listeners[0] : new ListenerOptions("127.0.0.1:8200");
        IPEndPoint endpoint;
        if (raftListenAddress is not null)
        {
            var raft = Parse(raftListenAddress, 8201);
            endpoint = new IPEndPoint(raft.Address, raft.Port == 0 ? 0 : raft.Port + 1);
        }
        else if (first.ClusterAddress is { } cluster)
        {
            endpoint = Parse(cluster, 8201);
        }
        else
        {
            var api = Parse(first.Address, 8200);

            // An API port picked by the system (0) says nothing about a free port next to it: let the system pick again.
            endpoint = new IPEndPoint(api.Address, api.Port == 0 ? 0 : api.Port + 1);
        }

        return new DrReplicationSettings(endpoint, apiAddress);
    }

    /// <summary>The endpoint to bind for a primary enabled with <paramref name="primaryClusterAddress"/> (may be empty).</summary>
    public IPEndPoint ListenEndpointFor(string primaryClusterAddress) =>
        Uri.TryCreate(primaryClusterAddress, UriKind.Absolute, out var uri) && uri.Port > 0
            ? new IPEndPoint(ClusterListener.Address, uri.Port)
            : ClusterListener;

    /// <summary>
    /// The address secondaries dial when the operator named none: null (the engine then advertises the endpoint it
    /// bound) unless the listener is on every interface, where the API address's host stands in for it.
    /// </summary>
    public string? AdvertisedAddress(IPEndPoint listen)
    {
        if (listen.Port == 0 || (!listen.Address.Equals(IPAddress.Any) && !listen.Address.Equals(IPAddress.IPv6Any)))
        {
            return null;
        }

        var host = Uri.TryCreate(ApiAddress(), UriKind.Absolute, out var api) ? api.Host : "127.0.0.1";
        return string.Create(CultureInfo.InvariantCulture, $"https://{host}:{listen.Port}");
    }

    private static IPEndPoint Parse(string address, int defaultPort)
    {
        var text = address.Contains("://", StringComparison.Ordinal) ? new Uri(address).Authority : address;
        if (IPEndPoint.TryParse(text, out var endpoint))
        {
            return endpoint;
        }

        var separator = text.LastIndexOf(':');
        var host = separator < 0 ? text : text[..separator];
        var port = separator < 0 ? defaultPort : int.Parse(text[(separator + 1)..], CultureInfo.InvariantCulture);
        var ip = host is "localhost" or "" ? IPAddress.Loopback : Dns.GetHostAddresses(host)[0];
        return new IPEndPoint(ip, port);
    }
}
