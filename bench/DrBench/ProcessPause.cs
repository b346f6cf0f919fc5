using System.Runtime.InteropServices;

namespace Coffer.Bench.DrBench;

/// <summary>
/// Stops and continues a process (SIGSTOP / SIGCONT). A stopped secondary takes no CPU and reads nothing from its
/// stream, so its primary ships nothing once the connection's flow-control window is full: the same DR primary,
/// with and without a secondary to stream to, seconds apart. Disposing always lets the process run again.
/// </summary>
internal sealed partial class ProcessPause : IDisposable
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    private readonly int _pid;
    private bool _paused;

    public ProcessPause(int pid)
    {
        // kill(0, ...) would signal the caller's whole process group: the driver and the script with it.
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(pid, 0);
        _pid = pid;
    }

    public void Pause()
    {
        Send(SigStop);
        _paused = true;
    }

    public void Resume()
    {
        Send(SigCont);
        _paused = false;
    }

    public void Dispose()
    {
        if (_paused)
        {
            Resume();
        }
    }

    private void Send(int signal)
    {
        if (Kill(_pid, signal) != 0)
        {
            throw new InvalidOperationException($"signal {signal} to process {_pid} failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
