using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>What a running command may use: the injected environment and its output channel.</summary>
internal sealed class CommandContext
{
    public CommandContext(CliEnvironment env)
    {
        Env = env;
        Ui = new Ui(env);
    }

    public CliEnvironment Env { get; }

    public Ui Ui { get; }
}
