namespace Coffer.Cli.Output;

/// <summary>Line-oriented writes to the injected standard output and error.</summary>
internal sealed class Ui
{
    private readonly CliEnvironment _env;

    public Ui(CliEnvironment env) => _env = env;

    public bool StdoutIsTerminal => _env.StdoutIsTerminal;

    public void Output(string text) => _env.Stdout.Write(text + "\n");

    /// <summary>Writes without a line break (prompts, raw values for pipes).</summary>
    public void Write(string text) => _env.Stdout.Write(text);

    public void Error(string text) => _env.Stderr.Write(text + "\n");

    /// <summary>Warnings go to standard error so that piped output stays clean.</summary>
    public void Warn(string text) => Error(text);
}
