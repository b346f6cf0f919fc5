using System.Globalization;
using System.Net;
using Coffer.Server.Cluster;
using Coffer.Server.Configuration;

namespace Coffer.Server.Hosting;

/// <summary>
/// Resolves a <c>storage "raft"</c> stanza into a node's settings: its node id (generated once and kept in the data
/// directory when the file has none), where Raft listens (the first listener's <c>cluster_address</c>, by default the
/// API port + 1), the cluster address peers use (<c>cluster_addr</c>, by default the listen address) and the API
/// address clients are sent to (<c>api_addr</c>, by default the first listener).
/// </summary>
internal static class RaftNodeSettings
{
    private const string NodeIdFileName = "node-id";

    public static (RaftNodeOptions Node, string ApiAddress) Resolve(ServerConfig config, RaftStorageConfig raft, string version)
    {
        var listener = config.Listeners[0];
        var listenAddress = listener.ClusterAddress ?? NextPort(listener.Address);
        var clusterAddress = config.ClusterAddr is { Length: > 0 } clusterAddr ? HostPort(clusterAddr, "cluster_addr") : listenAddress;
        if (IPEndPoint.TryParse(clusterAddress, out var endpoint) && (endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any)))
        {
            throw new ServerStartupException($"Error: cluster_addr must be set when the cluster listener binds every interface ({listenAddress})");
        }

        var apiAddress = config.ApiAddr is { Length: > 0 } apiAddr
            ? apiAddr.TrimEnd('/')
            : (listener.TlsDisable ? "http://" : "https://") + listener.Address;
        var node = new RaftNodeOptions
        {
            NodeId = NodeId(raft),
            DataPath = raft.Path,
            ClusterAddress = clusterAddress,
            ListenAddress = listenAddress,
            PerformanceMultiplier = raft.PerformanceMultiplier,
            TrailingLogs = raft.TrailingLogs,
            LeaderLeaseReads = raft.LeaderLeaseReads,
            SnapshotThreshold = raft.SnapshotThreshold,
            SnapshotInterval = raft.SnapshotInterval,
            RetryJoin = raft.RetryJoin.Select(Target).ToList(),
            Version = version,
        };
        return (node, apiAddress);
    }

    /// <summary>The configured node id, else the one kept in the data directory, else a new one written there.</summary>
    private static string NodeId(RaftStorageConfig raft)
    {
        try
        {
            Directory.CreateDirectory(raft.Path);
            var path = Path.Combine(raft.Path, NodeIdFileName);
            if (raft.NodeId is { Length: > 0 } configured)
            {
                return configured;
            }

            if (File.Exists(path))
            {
                return File.ReadAllText(path).Trim();
            }

            var generated = Guid.NewGuid().ToString();
            File.WriteAllText(path, generated);
            return generated;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartupException($"Error preparing the raft data directory {raft.Path}: {e.Message}");
        }
    }

    private static JoinTarget Target(RetryJoinConfig join) => new(join.LeaderApiAddr)
    {
        CaCertificatePem = ReadFile(join.LeaderCaCertFile),
        ClientCertificatePem = ReadFile(join.LeaderClientCertFile),
        ClientKeyPem = ReadFile(join.LeaderClientKeyFile),
        TlsServerName = join.LeaderTlsServerName,
    };

    private static string? ReadFile(string? path)
    {
        try
        {
            return path is { Length: > 0 } ? File.ReadAllText(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartupException($"Error reading retry_join file {path}: {e.Message}");
        }
    }

    /// <summary><c>host:port</c> with the port one above the listener's (Vault's default cluster port).</summary>
    private static string NextPort(string address)
    {
        var separator = address.LastIndexOf(':');
        if (separator < 0 || !int.TryParse(address.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            throw new ServerStartupException($"Error: cannot derive the cluster port from listener address {address}; set cluster_address");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{address[..separator]}:{port + 1}");
    }

    private static string HostPort(string url, string name) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0
            ? uri.Authority
            : throw new ServerStartupException($"Error: {name} must be a URL with a port, such as https://10.0.0.1:8201; found \"{url}\"");
}
