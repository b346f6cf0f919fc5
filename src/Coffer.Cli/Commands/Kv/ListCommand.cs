using Coffer.Api;

namespace Coffer.Cli.Commands.Kv;

internal sealed class ListCommand : KvCommand
{
    public ListCommand()
        : base(withDetailed: true)
    {
    }

    public override string Synopsis => "Show the keys under a KV path";

    protected override string Usage => """
        Usage: coffer kv list [options] PATH

          Lists the keys under a path of a KV engine; keys ending in "/" are folders:

              $ coffer kv list -mount=secret app
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var (mount, partial, v1Path) = await ResolveAsync(client, args[0], cancellationToken).ConfigureAwait(false);
        var fullPath = mount.ApiPath(partial, v1Path, "metadata");
        Secret? secret;
        try
        {
            secret = await client.Logical.ListAsync(fullPath, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error listing {fullPath}: {ex.Message}");
            return 2;
        }
        return ListOutput.Print(context, printer, secret, fullPath, Detailed);
    }
}
