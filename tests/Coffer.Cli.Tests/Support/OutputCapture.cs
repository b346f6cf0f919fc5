using Coffer.Cli.Output;

namespace Coffer.Cli.Tests.Support;

/// <summary>A <see cref="Ui"/> writing to strings, for formatter tests.</summary>
internal sealed class OutputCapture
{
    private readonly StringWriter _stdout = new();
    private readonly StringWriter _stderr = new();

    public OutputCapture(bool stdoutIsTerminal = false)
    {
        Ui = new Ui(new CliEnvironment
        {
            Stdin = TextReader.Null,
            Stdout = _stdout,
            Stderr = _stderr,
            GetVariable = _ => null,
            HomeDirectory = Path.GetTempPath(),
            StdoutIsTerminal = stdoutIsTerminal,
        });
    }

    public Ui Ui { get; }

    public string Stdout => _stdout.ToString();

    public string Stderr => _stderr.ToString();

    public Printer Printer(string format) => new(Ui, format);
}
