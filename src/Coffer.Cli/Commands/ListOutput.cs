using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>Shared ending of <c>list</c> and <c>kv list</c>: wrapped answers, empty answers, then the key list.</summary>
internal static class ListOutput
{
    public static int Print(CommandContext context, Printer printer, Secret? secret, string path, bool detailed)
    {
        if (secret?.WrapInfo is { Ttl: not 0 })
        {
            return printer.Secret(secret);
        }
        var hasKeys = secret?.Data?["keys"] is JsonArray;
        if (!printer.IsTable && (secret?.Data is null || !hasKeys))
        {
            printer.Structured(new JsonObject());
            return 2;
        }
        if (secret?.Data is null)
        {
            context.Ui.Error("No value found at " + path);
            return 2;
        }
        if (!hasKeys)
        {
            context.Ui.Error("No entries found at " + path);
            return 2;
        }
        return printer.List(secret, detailed);
    }
}
