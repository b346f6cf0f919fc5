using System.Text.Json.Nodes;
using Coffer.Api;

namespace Coffer.Cli.Commands.Secrets;

internal sealed class MoveCommand : ApiCommand
{
    public override string Synopsis => "Mount a secrets engine at another path";

    protected override string Usage => """
        Usage: coffer secrets move [options] SOURCE DESTINATION

          Moves the secrets engine at SOURCE to DESTINATION, keeping its data.
          Leases issued under the old path are revoked:

              $ coffer secrets move secret/ generic/
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 2, 2);
        using var client = CreateClient(context);
        var source = PathArgs.WithTrailingSlash(PathArgs.Sanitize(args[0]));
        var destination = PathArgs.WithTrailingSlash(PathArgs.Sanitize(args[1]));
        Secret? secret;
        try
        {
            secret = await client.SendAsync(HttpMethod.Post, "sys/remount", new JsonObject { ["from"] = source, ["to"] = destination }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error moving secrets engine {source} to {destination}: {ex.Message}");
            return 2;
        }
        var migrationId = JsonFields.GetString(secret?.Data, "migration_id");
        context.Ui.Output(migrationId.Length > 0
            ? $"Started moving secrets engine {source} to {destination}, with migration ID {migrationId}"
            : $"Success! Moved secrets engine {source} to: {destination}");
        return 0;
    }
}
