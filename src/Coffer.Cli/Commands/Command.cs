using Coffer.Cli.Config;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>
/// A runnable command: declares its flags in its constructor, parses them Go-style, then runs with the
/// remaining positional arguments. Exit codes: 0 success, 1 local or usage error, 2 server error.
/// </summary>
internal abstract class Command
{
    protected Command() => Flags = new FlagSet();

    public FlagSet Flags { get; }

    /// <summary>One line for command listings.</summary>
    public abstract string Synopsis { get; }

    /// <summary>The usage text shown above the flag reference.</summary>
    protected abstract string Usage { get; }

    public string Help()
    {
        var usage = Usage.Trim('\n').TrimEnd();
        var flags = Flags.Help();
        return flags.Length == 0 ? usage : usage + "\n\n" + flags;
    }

    public async Task<int> RunAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        IReadOnlyList<string> positional;
        try
        {
            positional = ParseFlags(args);
        }
        catch (FlagParseException ex)
        {
            context.Ui.Error(ex.Message);
            return 1;
        }
        try
        {
            WarnAboutTrailingFlags(context, positional);
            return await ExecuteAsync(context, positional, cancellationToken).ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            context.Ui.Error(ex.Message);
            return ex.ExitCode;
        }
    }

    /// <summary>Splits flags from positional arguments; commands that forward raw arguments override it.</summary>
    protected virtual IReadOnlyList<string> ParseFlags(IReadOnlyList<string> args) => Flags.Parse(args);

    protected abstract Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken);

    /// <summary>Whether the trailing-flag warning may be printed (only for table output).</summary>
    protected virtual bool ShowsTableOutput(CommandContext context) => true;

    /// <summary>Throws a usage error unless the number of positional arguments is within bounds.</summary>
    protected static void RequireArgs(IReadOnlyList<string> args, int min, int max, string? expected = null)
    {
        expected ??= min == max ? min.ToString(System.Globalization.CultureInfo.InvariantCulture) : max == int.MaxValue ? $"{min}+" : $"{min}-{max}";
        if (args.Count < min)
        {
            throw new CliException($"Not enough arguments (expected {expected}, got {args.Count})", 1);
        }
        if (args.Count > max)
        {
            throw new CliException($"Too many arguments (expected {expected}, got {args.Count})", 1);
        }
    }

    // Flags after the first positional argument are not parsed; say so rather than ignore them silently.
    private void WarnAboutTrailingFlags(CommandContext context, IReadOnlyList<string> positional)
    {
        var trailing = positional.Where(a => a.StartsWith('-') && a != "-").ToList();
        if (trailing.Count > 0 && ShowsTableOutput(context))
        {
            context.Ui.Warn(TextWrap.WrapAtLength(
                "Flags must come before positional arguments; these were not parsed as flags: ["
                + string.Join(',', trailing) + "]"));
        }
    }
}
