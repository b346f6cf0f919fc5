using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Coffer.Raft.StateMachine;

/// <summary>
/// fsync of a directory, which makes a rename inside it durable. .NET cannot open a directory as a file, so on
/// Unix it is opened with open(2) and flushed through a <see cref="SafeFileHandle"/>; Windows needs no such step.
/// </summary>
internal static class DirectoryFlush
{
    private const int ReadOnly = 0;
    private const int CloseOnExecLinux = 0x80000;
    private const int CloseOnExecMacOs = 0x1000000;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var descriptor = Open(directory, ReadOnly | (OperatingSystem.IsMacOS() ? CloseOnExecMacOs : CloseOnExecLinux));
        if (descriptor < 0)
        {
            throw new IOException($"Cannot open directory '{directory}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        }

        using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        RandomAccess.FlushToDisk(handle);
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
}
