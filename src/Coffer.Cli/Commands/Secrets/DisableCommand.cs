using Coffer.Api;

namespace Coffer.Cli.Commands.Secrets;

internal sealed class DisableCommand : ApiCommand
{
    public override string Synopsis => "Unmount a secrets engine and delete its data";

    protected override string Usage => """
        Usage: coffer secrets disable [options] PATH

          Disables the secrets engine at PATH. Its data is deleted and its leases are
          revoked:

              $ coffer secrets disable kv/
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        using var client = CreateClient(context);
        var path = PathArgs.WithTrailingSlash(PathArgs.Sanitize(args[0]));
        try
        {
            await client.SendAsync(HttpMethod.Delete, "sys/mounts/" + PathArgs.Sanitize(path), null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error disabling secrets engine at {path}: {ex.Message}");
            return 2;
        }
        context.Ui.Output("Success! Disabled the secrets engine (if it existed) at: " + path);
        return 0;
    }
}
