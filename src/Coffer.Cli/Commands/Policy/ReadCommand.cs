using System.Text.Json.Nodes;
using Coffer.Api;

namespace Coffer.Cli.Commands.Policy;

internal sealed class ReadCommand : ApiCommand
{
    public override string Synopsis => "Print the text of a policy";

    protected override string Usage => """
        Usage: coffer policy read [options] NAME

          Prints the text of the named policy:

              $ coffer policy read default
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var name = args[0].ToLowerInvariant().Trim();
        Secret? secret;
        try
        {
            secret = await client.Logical.ReadAsync("sys/policies/acl/" + name, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error reading policy named {name}: {ex.Message}");
            return 2;
        }
        var rules = JsonFields.GetStringOrNull(secret?.Data, "policy");
        if (rules is null)
        {
            context.Ui.Error("No policy named: " + name);
            return 2;
        }
        if (printer.IsTable)
        {
            context.Ui.Output(rules.Trim());
            return 0;
        }
        return printer.Structured(new JsonObject { ["policy"] = rules });
    }
}
