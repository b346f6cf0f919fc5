namespace Coffer.Cli.Tests.Support;

internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);
