using System.Text.Json.Nodes;
using Coffer.Api;

namespace Coffer.Cli.Commands.Generic;

internal sealed class UnwrapCommand : ApiCommand
{
    public UnwrapCommand()
        : base(withField: true)
    {
    }

    public override string Synopsis => "Open a response-wrapped secret";

    protected override string Usage => """
        Usage: coffer unwrap [options] [TOKEN]

          Unwraps a response-wrapped secret. With no TOKEN the current token is taken
          as the wrapping token:

              $ coffer unwrap hvs.CAESI...
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 1);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var token = args.Count == 1 ? args[0].Trim() : null;
        Secret? secret;
        try
        {
            secret = await client.Logical.UnwrapAsync(token, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error unwrapping: " + ex.Message);
            return 2;
        }
        if (secret is null)
        {
            if (printer.IsTable)
            {
                context.Ui.Output("Successfully unwrapped. There was no data in the wrapped secret.");
            }
            return 0;
        }
        if (Field.Length > 0)
        {
            return printer.Field(secret, Field);
        }
        return secret.Data?["keys"] is JsonArray ? printer.List(secret) : printer.Secret(secret);
    }
}
