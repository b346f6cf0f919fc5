using Coffer.Api;
using Coffer.Cli.Input;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Generic;

internal sealed class ReadCommand : ApiCommand
{
    public ReadCommand()
        : base(withField: true)
    {
    }

    public override string Synopsis => "Fetch data or a secret from a path";

    protected override string Usage => """
        Usage: coffer read [options] PATH [K=V...]

          Reads data from the server at the given path. Any K=V pairs are sent as
          query parameters. Reading the token's own information:

              $ coffer read auth/token/lookup-self

          With -format=raw the response body is printed exactly as received.
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
        if (printer.Format == OutputFormat.Raw)
        {
            try
            {
                var raw = await client.Logical.ReadRawAsync(path, query, cancellationToken).ConfigureAwait(false);
                if (raw is null)
                {
                    context.Ui.Error("No value found at " + path);
                    return 2;
                }
                context.Ui.Output(raw.BodyText);
                return 0;
            }
            catch (CofferRequestException ex)
            {
                context.Ui.Error($"Error reading {path}: {ex.Message}");
                return 2;
            }
        }

        Secret? secret;
        try
        {
            secret = await client.Logical.ReadAsync(path, query, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error reading {path}: {ex.Message}");
            return 2;
        }
        if (secret is null)
        {
            context.Ui.Error("No value found at " + path);
            return 2;
        }
        return Field.Length > 0 ? printer.Field(secret, Field) : printer.Secret(secret);
    }
}
