using System.Reflection;

namespace Coffer.Cli.Commands.Generic;

internal sealed class VersionCommand : Command
{
    public override string Synopsis => "Print the CLI version";

    protected override string Usage => """
        Usage: coffer version

          Prints the version of this CLI.
        """;

    public static string VersionText()
    {
        var assembly = typeof(VersionCommand).Assembly;
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return "Coffer v" + (plus > 0 ? version[..plus] : version);
    }

    protected override Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        context.Ui.Output(VersionText());
        return Task.FromResult(0);
    }
}
