using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Commands.Kv;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator;

internal sealed class ReplicationStatusCommand : ApiCommand
{
    private static readonly (string Key, string Title)[] Sections = [("dr", "DR Replication"), ("performance", "Performance Replication")];

    public override string Synopsis => "Show DR and performance replication state";

    protected override string Usage => """
        Usage: coffer operator replication status [options]

          Prints the replication state of this cluster (sys/replication/status): mode,
          state, WAL positions and the connected primaries or secondaries. Comparing
          the secondary's last_remote_wal with the primary's last_dr_wal shows the lag:

              $ coffer operator replication status
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = await client.SendAsync(HttpMethod.Get, "sys/replication/status", null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error reading replication status: " + ex.Message);
            return 2;
        }
        if (secret?.Data is not JsonObject data)
        {
            context.Ui.Error("Error reading replication status: empty data in replication status response");
            return 2;
        }
        if (!printer.IsTable)
        {
            return printer.Structured(GoJson.SortMaps(data));
        }

        var first = true;
        foreach (var (key, title) in Sections)
        {
            // A server without replication sections answers with the mode alone.
            var section = data[key] as JsonObject ?? (key == "dr" && data.ContainsKey("mode") ? data : null);
            if (section is null)
            {
                continue;
            }
            if (!first)
            {
                context.Ui.Output("");
            }
            first = false;
            context.Ui.Output(KvOutput.HeaderFor(title, section));
            printer.Data(section);
        }
        return 0;
    }
}
