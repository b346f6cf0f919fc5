using Coffer.Api;

namespace Coffer.Cli.Commands.Kv;

internal sealed class MetadataDeleteCommand : KvCommand
{
    public override string Synopsis => "Erase a key with every version and its metadata";

    protected override string Usage => """
        Usage: coffer kv metadata delete [options] PATH

          Deletes a KV v2 key entirely: every version and its metadata:

              $ coffer kv metadata delete -mount=secret app/config
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        using var client = CreateClient(context);
        var (mount, partial, v1Path) = await ResolveAsync(client, args[0], cancellationToken).ConfigureAwait(false);
        if (!mount.IsV2)
        {
            context.Ui.Error("Metadata not supported on KV Version 1");
            return 1;
        }
        var fullPath = mount.ApiPath(partial, v1Path, "metadata");
        try
        {
            await client.Logical.DeleteAsync(fullPath, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error deleting {fullPath}: {ex.Message}");
            return 2;
        }
        context.Ui.Output("Success! Data deleted (if it existed) at: " + fullPath);
        return 0;
    }
}
