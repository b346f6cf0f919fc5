using Coffer.Api;

namespace Coffer.Cli.Commands.Operator;

internal sealed class SealCommand : ApiCommand
{
    public override string Synopsis => "Seal the server";

    protected override string Usage => """
        Usage: coffer operator seal [options]

          Seals the server: the in-memory root key is discarded and every request is
          refused until the server is unsealed again with a threshold of key shares.
          Needs a token with "sudo" on sys/seal:

              $ coffer operator seal
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        using var client = CreateClient(context);
        try
        {
            await client.Sys.SealAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error sealing: " + ex.Message);
            return 2;
        }
        context.Ui.Output("Success! Vault is sealed.");
        return 0;
    }
}
