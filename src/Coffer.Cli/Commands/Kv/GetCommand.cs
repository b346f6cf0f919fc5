using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Kv;

internal sealed class GetCommand : KvCommand
{
    private readonly IntFlag _version;

    public GetCommand()
        : base(withField: true)
    {
        _version = Options.Int("version", 0, "Read this version instead of the latest (KV v2).");
    }

    public override string Synopsis => "Fetch a KV secret";

    protected override string Usage => """
        Usage: coffer kv get [options] KEY

          Reads a key from a KV engine. On a KV v2 mount the metadata of the version
          read is shown as well:

              $ coffer kv get -mount=secret app/config
              $ coffer kv get -version=2 secret/app/config
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var (mount, partial, v1Path) = await ResolveAsync(client, args[0], cancellationToken).ConfigureAwait(false);
        var fullPath = mount.ApiPath(partial, v1Path, "data");
        List<KeyValuePair<string, string>>? query = null;
        if (mount.IsV2 && _version.Value > 0)
        {
            query = [KeyValuePair.Create("version", _version.Value.ToString(CultureInfo.InvariantCulture))];
        }

        Secret? secret;
        try
        {
            secret = await client.Logical.ReadAsync(fullPath, query, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error reading {fullPath}: {ex.Message}");
            return 2;
        }
        if (secret is null)
        {
            context.Ui.Error("No value found at " + fullPath);
            return 2;
        }

        // A wrapped answer carries only the wrapping token: print it as any wrapped response is printed.
        if (secret.WrapInfo is not null)
        {
            return Field.Length > 0 ? printer.Field(secret, Field) : printer.Secret(secret);
        }

        if (Field.Length > 0)
        {
            if (!mount.IsV2)
            {
                return printer.Field(secret, Field);
            }
            if (secret.Data?["data"] is not JsonObject inner)
            {
                context.Ui.Error("No data found at " + fullPath);
                return 2;
            }
            // "-field=data" means the key named data when there is one, else the whole data block.
            return Field == "data" && !inner.ContainsKey("data") ? printer.Field(secret, Field) : printer.Field(inner, Field);
        }
        if (secret.WrapInfo is not null || !printer.IsTable)
        {
            return printer.Secret(secret);
        }

        printer.PrintWarnings(secret);
        if (mount.IsV2)
        {
            KvOutput.PrintPath(context.Ui, fullPath, "Secret Path");
        }
        if (secret.Data?["metadata"] is JsonObject metadata)
        {
            context.Ui.Output(KvOutput.HeaderFor("Metadata", metadata));
            printer.Data(metadata);
            context.Ui.Output("");
        }
        var data = mount.IsV2 ? secret.Data?["data"] as JsonObject : secret.Data;
        if (data is not null)
        {
            context.Ui.Output(KvOutput.HeaderFor("Data", data));
            printer.Data(data);
        }
        return 0;
    }
}
