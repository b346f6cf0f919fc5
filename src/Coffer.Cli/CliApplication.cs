using Coffer.Cli.Commands;
using Coffer.Cli.Commands.Generic;
using Coffer.Cli.Output;

namespace Coffer.Cli;

/// <summary>
/// Entry of the <c>coffer</c> executable: finds the command named by the leading words, handles help
/// and version requests, and runs the command with the rest of the arguments.
/// </summary>
internal static class CliApplication
{
    /// <summary>Exit code for a missing or unknown command, as the Go CLI framework uses.</summary>
    public const int UnknownCommandExitCode = 127;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CliEnvironment env, CancellationToken cancellationToken)
    {
        var tree = CommandTree.Default;
        var ui = new Ui(env);
        if (args.Count == 0)
        {
            ui.Error(tree.MainHelp());
            return UnknownCommandExitCode;
        }
        switch (args[0])
        {
            case "-v" or "-version" or "--version":
                ui.Output(VersionCommand.VersionText());
                return 0;
            case "-h" or "-help" or "--help":
                ui.Output(tree.MainHelp());
                return 0;
            case "help":
                return PrintHelp(tree, ui, args.Skip(1).ToList());
        }

        var (entry, consumed) = tree.Resolve(args);
        if (entry is null)
        {
            ui.Error(tree.MainHelp());
            return UnknownCommandExitCode;
        }
        var rest = args.Skip(consumed).ToList();
        if (entry.Factory is null)
        {
            // A group on its own (or with an unknown subcommand) shows its subcommands.
            if (HasHelpFlag(rest))
            {
                ui.Output(tree.GroupHelp(entry));
                return 0;
            }
            ui.Error(tree.GroupHelp(entry));
            return 1;
        }

        var command = entry.Factory();
        // The server parses its own arguments, help flags included.
        if (entry.Path != "server" && HasHelpFlag(rest))
        {
            ui.Output(command.Help());
            return 0;
        }
        try
        {
            return await command.RunAsync(new CommandContext(env), rest, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            ui.Error("Interrupted");
            return 1;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Operators get a one-line message, never a stack trace.
            ui.Error($"Error: {ex.Message}");
            return 1;
        }
    }

    private static int PrintHelp(CommandTree tree, Ui ui, IReadOnlyList<string> words)
    {
        if (words.Count == 0)
        {
            ui.Output(tree.MainHelp());
            return 0;
        }
        var (entry, consumed) = tree.Resolve(words);
        if (entry is null || consumed != words.Count)
        {
            ui.Error($"No help available for \"{string.Join(' ', words)}\": no such command");
            return 1;
        }
        ui.Output(entry.Factory is null ? tree.GroupHelp(entry) : entry.Factory().Help());
        return 0;
    }

    private static bool HasHelpFlag(IEnumerable<string> args) =>
        args.TakeWhile(a => a != "--").Any(a => a is "-h" or "-help" or "--help");
}
