namespace Coffer.Cli.Config;

/// <summary>Stops a command with a message for standard error and an exit code.</summary>
internal sealed class CliException(string message, int exitCode) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
