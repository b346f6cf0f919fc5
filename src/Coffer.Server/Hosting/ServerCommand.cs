namespace Coffer.Server.Hosting;

/// <summary>
/// The <c>coffer server</c> command: parses its flags (<c>-dev</c>, <c>-config</c>, ...), starts the
/// server and runs until SIGINT/SIGTERM. The CLI calls this; it owns no other server logic.
/// </summary>
public static class ServerCommand
{
    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        stderr.WriteLine("coffer server: not available in this build yet");
        return Task.FromResult(1);
    }
}
