using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Audit;

internal sealed class ListCommand : ApiCommand
{
    public ListCommand()
        : base(withDetailed: true)
    {
    }

    public override string Synopsis => "Show the audit devices";

    protected override string Usage => """
        Usage: coffer audit list [options]

          Lists the enabled audit devices; -detailed adds options and replication:

              $ coffer audit list -detailed
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = await client.SendAsync(HttpMethod.Get, "sys/audit", null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error listing audits: " + ex.Message);
            return 2;
        }
        var devices = (secret?.Data ?? []).Where(p => p.Value is JsonObject).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (Path: p.Key, Device: (JsonObject)p.Value!)).ToList();
        if (!printer.IsTable)
        {
            return printer.Structured(GoJson.SortMaps(secret?.Data ?? []));
        }
        if (devices.Count == 0)
        {
            context.Ui.Output("No audit devices are enabled.");
            return 2;
        }
        if (!Detailed)
        {
            context.Ui.Output(Columns.Table(["Path", "Type", "Description"],
                devices.Select(d => (IReadOnlyList<string>)[d.Path, JsonFields.GetString(d.Device, "type"), JsonFields.GetString(d.Device, "description")])));
            return 0;
        }
        context.Ui.Output(Columns.Table(["Path", "Type", "Description", "Replication", "Options"],
            devices.Select(d => (IReadOnlyList<string>)
            [
                d.Path,
                JsonFields.GetString(d.Device, "type"),
                JsonFields.GetString(d.Device, "description"),
                JsonFields.GetBool(d.Device, "local") ? "local" : "replicated",
                d.Device["options"] is JsonObject options ? GoFormat.Value(options) : "map[]",
            ])));
        return 0;
    }
}
