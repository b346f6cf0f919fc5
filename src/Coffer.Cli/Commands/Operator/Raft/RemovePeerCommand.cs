using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class RemovePeerCommand : ApiCommand
{
    private readonly StringFlag _drToken;

    public RemovePeerCommand()
    {
        _drToken = Flags.Section("Command Options").String("dr-token", "", "DR operation token authorising the request on a DR secondary.");
    }

    public override string Synopsis => "Take a node out of the Raft cluster";

    protected override string Usage => """
        Usage: coffer operator raft remove-peer [options] <server_id>

          Removes a server from the integrated storage cluster. The removed node
          must wipe its data before it can join again:

              $ coffer operator raft remove-peer node-c
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 1)
        {
            context.Ui.Error($"Incorrect arguments (expected 1, got {args.Count})");
            return 1;
        }
        var serverId = args[0].Trim();
        if (serverId.Length == 0)
        {
            context.Ui.Error("Server id is required");
            return 1;
        }
        using var client = CreateClient(context);
        try
        {
            await client.Logical.WriteAsync("sys/storage/raft/remove-peer",
                new JsonObject { ["server_id"] = serverId, ["dr_operation_token"] = _drToken.Value }, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error removing the peer from raft cluster: " + ex.Message);
            return 2;
        }
        context.Ui.Output("Peer removed successfully!");
        return 0;
    }
}
