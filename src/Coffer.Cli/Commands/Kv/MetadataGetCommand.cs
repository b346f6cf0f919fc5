using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api;

namespace Coffer.Cli.Commands.Kv;

internal sealed class MetadataGetCommand : KvCommand
{
    public MetadataGetCommand()
        : base(withField: true)
    {
    }

    public override string Synopsis => "Show the metadata and versions of a KV key";

    protected override string Usage => """
        Usage: coffer kv metadata get [options] KEY

          Shows the metadata of a KV v2 key and of each of its versions:

              $ coffer kv metadata get -mount=secret app/config
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var (mount, partial, v1Path) = await ResolveAsync(client, args[0], cancellationToken).ConfigureAwait(false);
        if (!mount.IsV2)
        {
            context.Ui.Error("Metadata not supported on KV Version 1");
            return 1;
        }
        var fullPath = mount.ApiPath(partial, v1Path, "metadata");
        Secret? secret;
        try
        {
            secret = await client.Logical.ReadAsync(fullPath, null, cancellationToken).ConfigureAwait(false);
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
        if (Field.Length > 0)
        {
            return printer.Field(secret, Field);
        }
        if (secret.WrapInfo is not null || !printer.IsTable)
        {
            return printer.Secret(secret);
        }
        if (secret.Data?["versions"] is not JsonObject versions)
        {
            context.Ui.Error("No value found at " + fullPath);
            printer.Secret(secret);
            return 2;
        }

        var metadata = (JsonObject)secret.Data.DeepClone();
        metadata.Remove("versions");
        KvOutput.PrintPath(context.Ui, fullPath, "Metadata Path");
        context.Ui.Output(KvOutput.HeaderFor("Metadata", metadata));
        printer.Data(metadata);

        var ordered = new List<(long Number, JsonObject Info)>();
        foreach (var (key, value) in versions)
        {
            if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                context.Ui.Error("Error parsing version " + key);
                return 2;
            }
            ordered.Add((number, value as JsonObject ?? []));
        }
        foreach (var (number, info) in ordered.OrderBy(v => v.Number))
        {
            context.Ui.Output("\n" + KvOutput.HeaderFor("Version " + number.ToString(CultureInfo.InvariantCulture), info));
            printer.Data(info);
        }
        return 0;
    }
}
