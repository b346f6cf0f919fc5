using Coffer.Api;
using Coffer.Api.Sys;

namespace Coffer.Cli.Commands.Operator;

internal sealed class KeyStatusCommand : ApiCommand
{
    public override string Synopsis => "Show the active keyring term";

    protected override string Usage => """
        Usage: coffer operator key-status [options]

          Prints the term and install time of the active keyring key, and how many
          encryptions it has performed:

              $ coffer operator key-status
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        KeyStatus status;
        try
        {
            status = await client.Sys.KeyStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error reading key status: " + ex.Message);
            return 2;
        }
        if (!printer.IsTable)
        {
            return printer.Structured(KeyStatusOutput.Json(status));
        }
        context.Ui.Output(KeyStatusOutput.Table(status));
        return 0;
    }
}
