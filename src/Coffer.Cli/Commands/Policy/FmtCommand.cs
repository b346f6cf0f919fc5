using Coffer.Core.Policies;

namespace Coffer.Cli.Commands.Policy;

/// <summary>Rewrites a policy file in canonical layout; works offline.</summary>
internal sealed class FmtCommand : Command
{
    public override string Synopsis => "Rewrite a policy file in canonical layout";

    protected override string Usage => """
        Usage: coffer policy fmt [options] PATH

          Rewrites the policy file at PATH with canonical layout: two-space
          indentation by nesting depth, single spaces around "=", no trailing
          whitespace and no runs of blank lines. The file must be balanced:

              $ coffer policy fmt ops.hcl
        """;

    protected override Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        var path = args[0].Trim();
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error opening policy file: " + ex.Message);
            return Task.FromResult(1);
        }
        string formatted;
        try
        {
            // The formatter only re-indents; the server's parser decides whether this is a policy at all,
            // so text the server would refuse is not rewritten and reported as formatted.
            PolicyParser.Parse("fmt", text);
            formatted = PolicyFormatter.Format(text);
        }
        catch (PolicyParseException ex)
        {
            context.Ui.Error("Failed to parse policy: " + ex.Detail);
            return Task.FromResult(1);
        }
        catch (FormatException ex)
        {
            context.Ui.Error("Failed to parse policy: " + ex.Message);
            return Task.FromResult(1);
        }
        try
        {
            File.WriteAllText(path, formatted);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error writing formatted policy: " + ex.Message);
            return Task.FromResult(1);
        }
        context.Ui.Output("Success! Formatted policy: " + path);
        return Task.FromResult(0);
    }
}
