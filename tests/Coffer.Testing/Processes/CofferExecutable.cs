using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Coffer.Testing.Processes;

/// <summary>Finds the built <c>coffer</c> program and runs it as a real child process.</summary>
public static class CofferExecutable
{
    /// <summary>The path of <c>coffer.dll</c> copied next to the test assembly by the project reference.</summary>
    public static string DllPath
    {
        get
        {
            var path = Path.Combine(AppContext.BaseDirectory, "coffer.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("coffer.dll is not next to the tests; reference src/Coffer.Cli", path);
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
