using Coffer.Api;

namespace Coffer.Cli.Commands.Generic;

internal sealed class ListCommand : ApiCommand
{
    public ListCommand()
        : base(withDetailed: true)
    {
    }

    public override string Synopsis => "Show the keys under a path";

    protected override string Usage => """
        Usage: coffer list [options] PATH

          Lists the keys stored under a path. Keys ending in "/" are folders:

              $ coffer list auth/token/roles
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        var printer = CreatePrinter(context);
        var path = PathArgs.WithTrailingSlash(PathArgs.Sanitize(args[0]));
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = await client.Logical.ListAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error listing {path}: {ex.Message}");
            return 2;
        }
        return ListOutput.Print(context, printer, secret, path, Detailed);
    }
}
