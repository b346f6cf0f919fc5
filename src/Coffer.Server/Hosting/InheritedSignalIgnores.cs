using System.Runtime.InteropServices;

namespace Coffer.Server.Hosting;

/// <summary>
/// Lets <c>coffer server</c> handle SIGINT and SIGHUP when it was started with them ignored: <c>nohup</c> ignores
/// SIGHUP, and a non-interactive shell starts background jobs with SIGINT ignored. .NET keeps an inherited "ignore"
/// and never runs its handlers for such a signal, so that server would neither stop cleanly on SIGINT nor reopen its
/// audit files on SIGHUP. Vault handles both there (Go's <c>signal.Notify</c> takes over an ignored signal), so Coffer
/// puts such a signal back to its default action before any handler is registered.
/// </summary>
public static class InheritedSignalIgnores
{
    // The same numbers on Linux and macOS.
    private const int Hangup = 1;
    private const int Interrupt = 2;

    // SIG_IGN. SIG_DFL is 0.
    private const nint Ignore = 1;

    // struct sigaction starts with the handler on Linux and macOS, and is smaller than this on both; all zeros is the
    // default action with an empty mask and no flags.
    private const int SigactionBytes = 256;

    /// <summary>Restores the default action of SIGINT and SIGHUP where it was inherited as ignored.</summary>
    public static void Clear()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        ClearOne(Hangup);
        ClearOne(Interrupt);
    }

    private static void ClearOne(int signal)
    {
        var current = new byte[SigactionBytes];
        if (Native.Sigaction(signal, null, current) != 0 || MemoryMarshal.Read<nint>(current) != Ignore)
        {
            return;
        }

        // Best effort: if this fails the signal stays ignored, as it would have without this class.
        _ = Native.Sigaction(signal, new byte[SigactionBytes], null);
    }

    private static class Native
    {
        [DllImport("libc", EntryPoint = "sigaction")]
        public static extern int Sigaction(int signal, byte[]? action, [Out] byte[]? previous);
    }
}
