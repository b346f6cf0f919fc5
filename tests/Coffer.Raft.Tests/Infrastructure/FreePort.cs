using System.Net;
using System.Net.Sockets;

namespace Coffer.Raft.Tests.Infrastructure;

/// <summary>Loopback ports the kernel reports free right now (a bind to port 0, then released).</summary>
internal static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public static string NextAddress() => $"127.0.0.1:{Next()}";
}
