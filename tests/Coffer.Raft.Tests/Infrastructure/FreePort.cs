using Coffer.Testing.Processes;

namespace Coffer.Raft.Tests.Infrastructure;

/// <summary>Loopback ports free right now, from below the kernel's ephemeral range (see <see cref="CofferExecutable.FreeLoopbackPort()"/>).</summary>
internal static class FreePort
{
    public static int Next() => CofferExecutable.FreeLoopbackPort();

    public static string NextAddress() => $"127.0.0.1:{Next()}";
}
