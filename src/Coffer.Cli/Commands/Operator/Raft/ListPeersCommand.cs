using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class ListPeersCommand : ApiCommand
{
    private readonly StringFlag _drToken;

    public ListPeersCommand()
    {
        _drToken = Flags.Section("Command Options").String("dr-token", "", "DR operation token authorising the request on a DR secondary.");
    }

    public override string Synopsis => "Show the members of the Raft cluster";

    protected override string Usage => """
        Usage: coffer operator raft list-peers [options]

          Lists the servers of the integrated storage cluster and which one leads.
          On a DR secondary, pass a DR operation token with -dr-token:

              $ coffer operator raft list-peers
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            // On a DR secondary reading the configuration is an update that carries (and spends) the DR token.
            secret = _drToken.Value.Length > 0
                ? await client.Logical.WriteAsync("sys/storage/raft/configuration", new JsonObject { ["dr_operation_token"] = _drToken.Value }, cancellationToken).ConfigureAwait(false)
                : await client.Logical.ReadAsync("sys/storage/raft/configuration", null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error reading the raft cluster configuration: " + ex.Message);
            return 2;
        }
        if (secret is null)
        {
            context.Ui.Error("No raft cluster configuration found");
            return 2;
        }
        if (!printer.IsTable)
        {
            return printer.Secret(secret);
        }
        var servers = (JsonFields.GetObject(secret.Data, "config")?["servers"] as JsonArray ?? []).OfType<JsonObject>();
        context.Ui.Output(Columns.Table(["Node", "Address", "State", "Voter"], servers.Select(s => (IReadOnlyList<string>)
        [
            JsonFields.GetString(s, "node_id"),
            JsonFields.GetString(s, "address"),
            JsonFields.GetBool(s, "leader") ? "leader" : "follower",
            JsonFields.GetBool(s, "voter") ? "true" : "false",
        ])));
        return 0;
    }
}
