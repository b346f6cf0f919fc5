using Coffer.Api;
using Coffer.Api.Sys;

namespace Coffer.Cli.Commands.Generic;

internal sealed class StatusCommand : ApiCommand
{
    public override string Synopsis => "Show seal and high-availability status";

    protected override string Usage => """
        Usage: coffer status [options]

          Prints the seal status of the server and whether high availability is
          enabled. This command needs no token.

          The exit code reflects the seal status:

              - 0 - unsealed
              - 1 - error
              - 2 - sealed
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        SealStatus status;
        try
        {
            status = await client.Sys.SealStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error checking seal status: " + ex.Message);
            return 1;
        }
        var code = await SealStatusOutput.PrintAsync(context, client, printer, status, cancellationToken).ConfigureAwait(false);
        return status.Sealed ? 2 : code;
    }
}
