using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Kv;

/// <summary>The common ending of <c>kv put</c> and <c>kv patch</c>: the written version's metadata.</summary>
internal static class KvWrite
{
    public static async Task<int> WriteAndPrintAsync(CommandContext context, CofferClient client, Printer printer, string field,
        string fullPath, JsonObject body, CancellationToken cancellationToken)
    {
        Secret? secret;
        try
        {
            secret = await client.Logical.WriteAsync(fullPath, body, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error writing data to {fullPath}: {ex.Message}");
            return 2;
        }
        return PrintWritten(context, printer, field, fullPath, secret);
    }

    public static int PrintWritten(CommandContext context, Printer printer, string field, string fullPath, Secret? secret)
    {
        if (secret is null)
        {
            if (printer.IsTable)
            {
                context.Ui.Output("Success! Data written to: " + fullPath);
            }
            return 0;
        }
        if (field.Length > 0)
        {
            return printer.Field(secret, field);
        }
        if (secret.WrapInfo is { Ttl: not 0 } || !printer.IsTable)
        {
            return printer.Secret(secret);
        }
        printer.PrintWarnings(secret);
        KvOutput.PrintPath(context.Ui, fullPath, "Secret Path");
        context.Ui.Output(KvOutput.HeaderFor("Metadata", secret.Data));
        return printer.Data(secret.Data);
    }
}
