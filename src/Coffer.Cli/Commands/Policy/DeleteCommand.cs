using Coffer.Api;

namespace Coffer.Cli.Commands.Policy;

internal sealed class DeleteCommand : ApiCommand
{
    public override string Synopsis => "Remove a policy";

    protected override string Usage => """
        Usage: coffer policy delete [options] NAME

          Deletes the named policy. Tokens that carry it lose its permissions at once.
          The "root" and "default" policies cannot be deleted:

              $ coffer policy delete ops
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        using var client = CreateClient(context);
        var name = args[0].Trim().ToLowerInvariant();
        try
        {
            await client.SendAsync(HttpMethod.Delete, "sys/policies/acl/" + name, null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error deleting {name}: {ex.Message}");
            return 2;
        }
        context.Ui.Output("Success! Deleted policy: " + name);
        return 0;
    }
}
