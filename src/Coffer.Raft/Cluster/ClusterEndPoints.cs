using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coffer.Raft.Cluster;

/// <summary>Conversions between Coffer's <c>host:port</c> cluster addresses and the engine's endpoints.</summary>
internal static class ClusterEndPoints
{
    public static EndPoint Parse(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (IPEndPoint.TryParse(address, out var ip) && ip.Port != 0)
        {
            return ip;
        }

        var colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
                       || port is < 1 or > IPEndPoint.MaxPort)
        {
            throw new FormatException($"'{address}' is not a host:port cluster address.");
        }

        return new DnsEndPoint(address[..colon], port);
    }

    /// <summary>The address to listen on: the given one, or every interface on the cluster port for a DNS name.</summary>
    public static IPEndPoint ListenEndPoint(string? listenAddress, EndPoint clusterEndPoint) =>
        listenAddress is not null
            ? Parse(listenAddress) as IPEndPoint ?? throw new FormatException($"The listen address '{listenAddress}' must be an IP address and port.")
            : clusterEndPoint switch
            {
                IPEndPoint ip => ip,
                DnsEndPoint dns => new IPEndPoint(IPAddress.Any, dns.Port),
                _ => throw new ArgumentException("Unsupported endpoint type.", nameof(clusterEndPoint)),
            };

    public static string Format(EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => string.Create(CultureInfo.InvariantCulture, $"[{ip.Address}]:{ip.Port}"),
        IPEndPoint ip => string.Create(CultureInfo.InvariantCulture, $"{ip.Address}:{ip.Port}"),
        DnsEndPoint dns => string.Create(CultureInfo.InvariantCulture, $"{dns.Host}:{dns.Port}"),
        _ => endPoint.ToString() ?? string.Empty,
    };

    public static bool SameAddress(string left, string right) =>
        string.Equals(Format(Parse(left)), Format(Parse(right)), StringComparison.OrdinalIgnoreCase);
}
