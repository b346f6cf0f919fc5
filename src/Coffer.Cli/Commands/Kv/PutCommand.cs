using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands.Kv;

internal sealed class PutCommand : KvCommand
{
    private readonly IntFlag _cas;

    public PutCommand()
        : base(withField: true)
    {
        _cas = Options.Int("cas", -1, "Check-and-set: 0 writes only when the key does not exist yet, a positive number only when it is the current version. Without it every write is accepted.");
    }

    public override string Synopsis => "Store a KV secret (a new version on KV v2)";

    protected override string Usage => """
        Usage: coffer kv put [options] KEY [DATA]

          Writes data to a KV engine, replacing what was stored. On a KV v2 mount this
          creates a new version. DATA takes the same K=V forms as "coffer write":

              $ coffer kv put -mount=secret app/config user=app password=@pw.txt
              $ coffer kv put -cas=1 secret/app/config user=app
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count == 1)
        {
            context.Ui.Error("Must supply data");
            return 1;
        }
        RequireArgs(args, 1, int.MaxValue, ">1");
        var printer = CreatePrinter(context);
        JsonObject data;
        try
        {
            data = KeyValueArgs.Parse(args.Skip(1), context.Env.Stdin);
        }
        catch (FormatException ex)
        {
            context.Ui.Error("Failed to parse K=V data: " + ex.Message);
            return 1;
        }
        using var client = CreateClient(context);
        var (mount, partial, v1Path) = await ResolveAsync(client, args[0], cancellationToken).ConfigureAwait(false);
        var fullPath = mount.ApiPath(partial, v1Path, "data");
        var body = data;
        if (mount.IsV2)
        {
            var options = new JsonObject();
            if (_cas.Value > -1)
            {
                options["cas"] = _cas.Value;
            }
            body = new JsonObject { ["data"] = data, ["options"] = options };
        }
        return await KvWrite.WriteAndPrintAsync(context, client, printer, Field, fullPath, body, cancellationToken).ConfigureAwait(false);
    }
}
