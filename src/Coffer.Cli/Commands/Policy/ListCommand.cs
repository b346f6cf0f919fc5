using Coffer.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Policy;

internal sealed class ListCommand : ApiCommand
{
    public override string Synopsis => "Show the names of all policies";

    protected override string Usage => """
        Usage: coffer policy list [options]

          Lists the names of the installed policies, one per line:

              $ coffer policy list
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = await client.Logical.ListAsync("sys/policies/acl", cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error listing policies: " + ex.Message);
            return 2;
        }
        var names = JsonFields.GetStringList(secret?.Data, "keys") ?? [];
        if (!printer.IsTable)
        {
            return printer.Structured(GoJson.StringArray(names));
        }
        foreach (var name in names)
        {
            context.Ui.Output(name);
        }
        return 0;
    }
}
