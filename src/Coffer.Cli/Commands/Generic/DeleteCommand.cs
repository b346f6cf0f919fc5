using Coffer.Api;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands.Generic;

internal sealed class DeleteCommand : ApiCommand
{
    public DeleteCommand()
        : base(withField: true)
    {
    }

    public override string Synopsis => "Remove data or configuration at a path";

    protected override string Usage => """
        Usage: coffer delete [options] PATH [K=V...]

          Deletes data at the given path (HTTP DELETE). Any K=V pairs are sent as
          query parameters:

              $ coffer delete auth/token/roles/ops
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, int.MaxValue, "1");
        var printer = CreatePrinter(context);
        var path = PathArgs.Sanitize(args[0]);
        List<KeyValuePair<string, string>> query;
        try
        {
            query = KeyValueArgs.ParseQuery(args.Skip(1), context.Env.Stdin);
        }
        catch (FormatException ex)
        {
            context.Ui.Error("Failed to parse K=V data: " + ex.Message);
            return 1;
        }
        using var client = CreateClient(context);
        return await RequestOutcome.PrintAsync(context, printer, Field, $"Error deleting {path}", "Success! Data deleted (if it existed) at: " + path,
            () => client.Logical.DeleteAsync(path, query, cancellationToken)).ConfigureAwait(false);
    }
}
