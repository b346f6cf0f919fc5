namespace Coffer.Cli.Tests.Support;

/// <summary>
/// Runs the CLI in process with captured streams, an isolated home directory and only the environment
/// variables the test sets (retries off unless a test turns them on).
/// </summary>
internal sealed class CliRunner : IDisposable
{
    public CliRunner(string? address = null)
    {
        Home = Directory.CreateTempSubdirectory("coffer-cli-home-").FullName;
        Env["VAULT_MAX_RETRIES"] = "0";
        if (address is not null)
        {
            Env["VAULT_ADDR"] = address;
        }
    }

    public Dictionary<string, string> Env { get; } = new(StringComparer.Ordinal);

    public string Home { get; }

    public string Stdin { get; set; } = "";

    public bool StdoutIsTerminal { get; set; }

    public Func<IReadOnlyList<string>, TextWriter, TextWriter, CancellationToken, Task<int>>? Server { get; set; }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var env = new CliEnvironment
        {
            Stdin = new StringReader(Stdin),
            Stdout = stdout,
            Stderr = stderr,
            GetVariable = name => Env.TryGetValue(name, out var value) ? value : null,
            HomeDirectory = Home,
            StdoutIsTerminal = StdoutIsTerminal,
            RunServerAsync = Server ?? Coffer.Server.Hosting.ServerCommand.RunAsync,
        };
        var code = await CliApplication.RunAsync(args, env, TestContext.Current.CancellationToken);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Home, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
