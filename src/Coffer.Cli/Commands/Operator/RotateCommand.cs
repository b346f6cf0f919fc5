using Coffer.Api;
using Coffer.Api.Sys;

namespace Coffer.Cli.Commands.Operator;

internal sealed class RotateCommand : ApiCommand
{
    public override string Synopsis => "Add a new key to the keyring";

    protected override string Usage => """
        Usage: coffer operator rotate [options]

          Adds a new key to the keyring. New writes are encrypted with it; data
          written under older terms stays readable. Needs "sudo" on sys/rotate:

              $ coffer operator rotate
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        try
        {
            await client.Sys.RotateAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error rotating key: " + ex.Message);
            return 2;
        }
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
        context.Ui.Output("Success! Rotated key");
        context.Ui.Output("");
        context.Ui.Output(KeyStatusOutput.Table(status));
        return 0;
    }
}
