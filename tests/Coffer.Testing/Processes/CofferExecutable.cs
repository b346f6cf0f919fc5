using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coffer.Testing.Processes;

/// <summary>Finds the built <c>coffer</c> program and runs it as a real child process.</summary>
public static class CofferExecutable
{
    /// <summary>
    /// The <c>coffer.dll</c> in the CLI project's own output, built with the same configuration as the tests. The copy
    /// next to the test assembly is not used: its dependency file describes the CLI's folder, not the test's.
    /// </summary>
    public static string DllPath
    {
        get
        {
            // .../tests/<Project>/bin/<Configuration>/<tfm>/
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var framework = output.Name;
            var configuration = output.Parent!.Name;
            var repository = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(repository, "src", "Coffer.Cli", "bin", configuration, framework, "coffer.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("build src/Coffer.Cli first (the test project references it)", path);
        }
    }

    // The lowest port this picks from; up to the kernel's ephemeral range.
    private const int LowestPort = 10_000;

    // Read once: the range does not change while tests run.
    private static readonly int EphemeralStart = EphemeralRangeStart();

    /// <summary>
    /// A loopback port that is free now, chosen at random below the kernel's ephemeral range. A port from that range
    /// (what binding port 0 returns) can be given to an outgoing connection's local end between this check and the
    /// server binding it, and tests open many connections; below it, only another listener can take it.
    /// </summary>
    public static int FreeLoopbackPort()
    {
        var highest = EphemeralStart - 1;
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(LowestPort, highest + 1);
            if (IsFree(port))
            {
                return port;
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A free loopback port that is not in <paramref name="taken"/>.</summary>
    public static int FreeLoopbackPort(IReadOnlySet<int> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = FreeLoopbackPort();
            if (!taken.Contains(port))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no free loopback port outside the ones already taken");
    }

    /// <summary>A free loopback port whose next port is free too, neither in <paramref name="taken"/>.</summary>
    public static int FreeLoopbackPortPair(IReadOnlySet<int> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = FreeLoopbackPort();
            if (port < IPEndPoint.MaxPort && !taken.Contains(port) && !taken.Contains(port + 1) && IsFree(port + 1))
            {
                return port;
            }
        }

        throw new InvalidOperationException("no two adjacent free loopback ports");
    }

    /// <summary>The first port the kernel hands out for outgoing connections (Linux's default when it cannot be read).</summary>
    private static int EphemeralRangeStart()
    {
        const int LinuxDefault = 32_768;
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out var start) && start > LowestPort + 1_000 ? start : LinuxDefault;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return LinuxDefault;
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Runs a shell script in which <c>coffer</c> is the built CLI, exactly as an operator types commands.</summary>
    public static async Task<ProcessResult> RunShellAsync(string script, IReadOnlyDictionary<string, string> environment, TimeSpan timeout)
    {
        var prelude = $"coffer() {{ dotnet '{DllPath}' \"$@\"; }}\nset -o pipefail\n";
        var start = new ProcessStartInfo("bash", ["-c", prelude + script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bash did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"script did not finish within {timeout}: {script}");
        }

        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }
}
