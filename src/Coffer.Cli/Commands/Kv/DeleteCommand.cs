using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Kv;

internal sealed class DeleteCommand : KvCommand
{
    private readonly StringListFlag _versions;

    public DeleteCommand()
    {
        _versions = Options.StringList("versions", "Versions to soft-delete, comma-separated or repeated (KV v2).");
    }

    public override string Synopsis => "Delete a KV secret or some of its versions";

    protected override string Usage => """
        Usage: coffer kv delete [options] PATH

          Deletes a key. On a KV v2 mount this soft-deletes the latest version, or the
          versions given with -versions; "kv undelete" restores them:

              $ coffer kv delete -mount=secret app/config
              $ coffer kv delete -versions=1,2 secret/app/config
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var (mount, partial, v1Path) = await ResolveAsync(client, args[0], cancellationToken).ConfigureAwait(false);
        var fullPath = mount.ApiPath(partial, v1Path, "data");
        Secret? secret;
        try
        {
            if (mount.IsV2 && _versions.Values.Count > 0)
            {
                var body = new JsonObject { ["versions"] = GoJson.StringArray(ParseVersions(_versions.Values)) };
                secret = await client.Logical.WriteAsync(mount.ApiPath(partial, v1Path, "delete"), body, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                secret = await client.Logical.DeleteAsync(fullPath, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error deleting {fullPath}: {ex.Message}");
            return 2;
        }
        if (secret is null)
        {
            if (printer.IsTable)
            {
                context.Ui.Output("Success! Data deleted (if it existed) at: " + fullPath);
            }
            return 0;
        }
        return printer.Secret(secret);
    }
}
