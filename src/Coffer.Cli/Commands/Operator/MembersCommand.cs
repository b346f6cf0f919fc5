using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator;

internal sealed class MembersCommand : ApiCommand
{
    public override string Synopsis => "Show the nodes of the HA cluster";

    protected override string Usage => """
        Usage: coffer operator members [options]

          Lists the nodes of the HA cluster, which one is active, their versions and
          when each last reported to the active node:

              $ coffer operator members
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = await client.SendAsync(HttpMethod.Get, "sys/ha-status", null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error listing HA nodes: " + ex.Message);
            return 2;
        }
        var data = secret?.Data ?? [];
        if (!printer.IsTable)
        {
            return printer.Structured(GoJson.SortMaps(data));
        }
        var nodes = (data["nodes"] as JsonArray ?? []).OfType<JsonObject>();
        context.Ui.Output(Columns.Table(
            ["Host Name", "API Address", "Cluster Address", "Active Node", "Version", "Upgrade Version", "Redundancy Zone", "Last Echo"],
            nodes.Select(n => (IReadOnlyList<string>)
            [
                JsonFields.GetString(n, "hostname"),
                JsonFields.GetString(n, "api_address"),
                JsonFields.GetString(n, "cluster_address"),
                JsonFields.GetBool(n, "active_node") ? "true" : "false",
                JsonFields.GetString(n, "version"),
                JsonFields.GetString(n, "upgrade_version"),
                JsonFields.GetString(n, "redundancy_zone"),
                JsonFields.GetString(n, "last_echo"),
            ])));
        return 0;
    }
}
