using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Secrets;

internal sealed class ListCommand : ApiCommand
{
    public ListCommand()
        : base(withDetailed: true)
    {
    }

    public override string Synopsis => "Show the mounted secrets engines";

    protected override string Usage => """
        Usage: coffer secrets list [options]

          Lists the enabled secrets engines; -detailed adds TTLs, options and
          replication behaviour:

              $ coffer secrets list -detailed
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 0);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = await client.SendAsync(HttpMethod.Get, "sys/mounts", null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error listing secrets engines: " + ex.Message);
            return 2;
        }
        var mounts = secret?.Data ?? [];
        if (!printer.IsTable)
        {
            return printer.Structured(GoJson.SortMaps(mounts));
        }
        var entries = mounts.Where(p => p.Value is JsonObject).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (Path: p.Key, Mount: (JsonObject)p.Value!)).ToList();
        if (!Detailed)
        {
            context.Ui.Output(Columns.Table(["Path", "Type", "Accessor", "Description"],
                entries.Select(e => (IReadOnlyList<string>)[e.Path, S(e.Mount, "type"), S(e.Mount, "accessor"), S(e.Mount, "description")])));
            return 0;
        }
        context.Ui.Output(Columns.Table(
            ["Path", "Plugin", "Accessor", "Default TTL", "Max TTL", "Force No Cache", "Replication", "Seal Wrap", "External Entropy Access", "Options", "Description", "UUID"],
            entries.Select(e => DetailedRow(e.Path, e.Mount))));
        return 0;
    }

    private static IReadOnlyList<string> DetailedRow(string path, JsonObject mount)
    {
        var config = JsonFields.GetObject(mount, "config");
        var type = S(mount, "type");
        var plugin = type == "plugin" ? S(config, "plugin_name") : type;
        return
        [
            path,
            plugin,
            S(mount, "accessor"),
            Ttl(type, JsonFields.GetInt64(config, "default_lease_ttl")),
            Ttl(type, JsonFields.GetInt64(config, "max_lease_ttl")),
            B(JsonFields.GetBool(config, "force_no_cache")),
            JsonFields.GetBool(mount, "local") ? "local" : "replicated",
            B(JsonFields.GetBool(mount, "seal_wrap")),
            B(JsonFields.GetBool(mount, "external_entropy_access")),
            mount["options"] is JsonObject options ? GoFormat.Value(options) : "map[]",
            S(mount, "description"),
            S(mount, "uuid"),
        ];
    }

    // Engines without leases show nothing; zero means "use the system value".
    private static string Ttl(string type, long seconds) => type switch
    {
        "system" or "cubbyhole" or "identity" => "",
        _ when seconds != 0 => seconds.ToString(CultureInfo.InvariantCulture),
        _ => "system",
    };

    private static string S(JsonObject? obj, string name) => JsonFields.GetString(obj, name);

    private static string B(bool value) => value ? "true" : "false";
}
