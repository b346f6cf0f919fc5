using Coffer.Server.Hosting;

namespace Coffer.Cli;

/// <summary>
/// Everything a command touches outside its own memory: standard streams, environment variables,
/// the home directory (token helper) and the server entry point. Tests build one in process.
/// </summary>
internal sealed class CliEnvironment
{
    public required TextReader Stdin { get; init; }

    public required TextWriter Stdout { get; init; }

    public required TextWriter Stderr { get; init; }

    public required Func<string, string?> GetVariable { get; init; }

    public required string HomeDirectory { get; init; }

    /// <summary>When true, raw single values are printed with a trailing line break.</summary>
    public bool StdoutIsTerminal { get; init; }

    /// <summary>Reads one line of secret input without echoing it; defaults to a plain line read from <see cref="Stdin"/>.</summary>
    public Func<string?>? ReadHiddenLine { get; init; }

    /// <summary>The <c>coffer server</c> implementation; arguments are forwarded untouched.</summary>
    public Func<IReadOnlyList<string>, TextWriter, TextWriter, CancellationToken, Task<int>> RunServerAsync { get; init; } = ServerCommand.RunAsync;

    public string? ReadSecretLine() => ReadHiddenLine is { } read ? read() : Stdin.ReadLine();

    public static CliEnvironment FromProcess()
    {
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home))
        {
            home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        }
        return new CliEnvironment
        {
            Stdin = Console.In,
            Stdout = Console.Out,
            Stderr = Console.Error,
            GetVariable = Environment.GetEnvironmentVariable,
            HomeDirectory = home,
            StdoutIsTerminal = !Console.IsOutputRedirected,
            ReadHiddenLine = Console.IsInputRedirected ? null : ReadMaskedConsoleLine,
        };
    }

    private static string? ReadMaskedConsoleLine()
    {
        var buffer = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    return buffer.ToString();
                case ConsoleKey.Backspace:
                    if (buffer.Length > 0)
                    {
                        buffer.Length--;
                    }
                    break;
                default:
                    if (key.Modifiers.HasFlag(ConsoleModifiers.Control) && key.Key is ConsoleKey.C or ConsoleKey.D)
                    {
                        return null;
                    }
                    if (!char.IsControl(key.KeyChar))
                    {
                        buffer.Append(key.KeyChar);
                    }
                    break;
            }
        }
    }
}
