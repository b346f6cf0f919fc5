using System.Diagnostics;

namespace Coffer.Testing.Processes;

/// <summary>
/// A <c>coffer server</c> child process on 127.0.0.1, started for one test and killed (with its process tree) when
/// disposed, whatever happened in between.
/// </summary>
public sealed class CofferServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _output = new();

    private CofferServerProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    public string Address { get; }

    public int ProcessId => _process.Id;

    /// <summary>Waits for the process to end by itself; null when it is still running after the timeout.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts <c>coffer server</c> with the arguments and waits until <c>sys/health</c> answers at all.</summary>
    /// <param name="hangupAndInterruptIgnored">
    /// Start it the way <c>nohup</c> and a non-interactive shell's background jobs do, with SIGHUP and SIGINT ignored
    /// (a shell sets them to ignored, then replaces itself with the server, which keeps its process id).
    /// </param>
    public static async Task<CofferServerProcess> StartAsync(
        IReadOnlyList<string> arguments,
        int port,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null,
        string? workingDirectory = null,
        bool hangupAndInterruptIgnored = false)
    {
        IReadOnlyList<string> command = ["dotnet", CofferExecutable.DllPath, "server", .. arguments];
        if (hangupAndInterruptIgnored)
        {
            command = ["/bin/sh", "-c", "trap '' HUP INT; exec \"$@\"", "sh", .. command];
        }

        var start = new ProcessStartInfo(command[0], command.Skip(1))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? string.Empty,
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("coffer server did not start");
        var server = new CofferServerProcess(process, $"http://127.0.0.1:{port}");
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("coffer server exited during start-up:\n" + server.Output);
            }

            try
            {
                using var response = await http.GetAsync(server.Address + "/v1/sys/health");
                return server;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        await server.DisposeAsync();
        throw new TimeoutException("coffer server did not answer in time:\n" + server.Output);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
