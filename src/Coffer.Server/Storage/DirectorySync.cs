using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Coffer.Server.Storage;

/// <summary>
/// Makes a directory's entries durable: after a file is created, renamed or deleted, the change is only
/// safe from a power loss once the directory itself has been fsynced.
/// </summary>
/// <remarks>
/// .NET 10 refuses to open a directory (<c>File.OpenHandle</c> and <c>FileStream</c> both throw
/// UnauthorizedAccessException after their fstat sees S_IFDIR), so on Unix the directory is opened
/// with libc's open(2) and the descriptor is wrapped in a <see cref="SafeFileHandle"/>, whose
/// <see cref="RandomAccess.FlushToDisk"/> is fsync(2) and whose Dispose is close(2). Windows cannot
/// flush a directory this way and journals NTFS metadata itself, so there it is a no-op.
/// </remarks>
internal static class DirectorySync
{
    // open(2) flags. O_RDONLY is 0 everywhere; O_CLOEXEC keeps the descriptor out of child processes
    // started while it is open. Its value is the same on Linux x64 and arm64, and differs on macOS.
    private const int ReadOnly = 0;
    private const int CloseOnExecLinux = 0x80000;
    private const int CloseOnExecMacOs = 0x1000000;

    public static void Flush(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var flags = ReadOnly | (OperatingSystem.IsMacOS() ? CloseOnExecMacOs : CloseOnExecLinux);
        var descriptor = Native.Open(directory, flags);
        if (descriptor < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Cannot open directory '{directory}' to flush it (errno {errno}).");
        }

        using var handle = new SafeFileHandle(descriptor, ownsHandle: true);
        RandomAccess.FlushToDisk(handle);
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "open", SetLastError = true)]
        public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    }
}
