using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Kv;

internal sealed class PatchCommand : KvCommand
{
    private readonly IntFlag _cas;
    private readonly StringFlag _method;
    private readonly StringListFlag _removeData;

    public PatchCommand()
        : base(withField: true)
    {
        _cas = Options.Int("cas", -1, "Only patch when the current version equals this number (check-and-set).");
        _method = Options.String("method", "", "\"patch\" sends an HTTP PATCH, \"rw\" reads the secret and writes it back. When not given, PATCH is tried and read-write is the fallback if the server refuses it.");
        _removeData = Options.StringList("remove-data", "A key to drop from the secret. Repeat the flag for more keys.");
    }

    public override string Synopsis => "Change some fields of a KV secret, keeping the rest";

    protected override string Usage => """
        Usage: coffer kv patch [options] KEY [DATA]

          Updates some keys of the latest version of a KV v2 secret, keeping the
          others (a JSON merge patch):

              $ coffer kv patch -mount=secret app/config password=@new.txt
              $ coffer kv patch -remove-data=legacy secret/app/config
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, int.MaxValue, ">1");
        if (args.Count == 1 && _removeData.Values.Count == 0)
        {
            context.Ui.Error("Must supply data");
            return 1;
        }
        if (_method.Value is not ("" or "patch" or "rw"))
        {
            context.Ui.Error("Unsupported method provided to -method flag: " + _method.Value);
            return 2;
        }
        var printer = CreatePrinter(context);
        JsonObject changes;
        try
        {
            changes = KeyValueArgs.Parse(args.Skip(1), context.Env.Stdin);
        }
        catch (FormatException ex)
        {
            context.Ui.Error("Failed to parse K=V data: " + ex.Message);
            return 1;
        }
        foreach (var key in _removeData.Values)
        {
            // In a merge patch a null value removes the key.
            changes[key] = null;
        }

        using var client = CreateClient(context);
        var (mount, partial, v1Path) = await ResolveAsync(client, args[0], cancellationToken).ConfigureAwait(false);
        if (!mount.IsV2)
        {
            context.Ui.Error("K/V engine mount must be version 2 for patch support");
            return 2;
        }
        var fullPath = mount.ApiPath(partial, v1Path, "data");
        if (_method.Value == "rw")
        {
            return await ReadThenWriteAsync(context, client, printer, fullPath, changes, cancellationToken).ConfigureAwait(false);
        }

        var options = new JsonObject();
        if (_cas.Value > -1)
        {
            options["cas"] = _cas.Value;
        }
        Secret? secret;
        try
        {
            secret = await client.Logical.PatchAsync(fullPath, new JsonObject { ["data"] = changes, ["options"] = options }, cancellationToken).ConfigureAwait(false);
        }
        catch (ApiException ex) when (_method.Value.Length == 0 && ex.StatusCode is 403 or 405)
        {
            // PATCH refused (older server, or no "patch" capability): fall back to read-then-write.
            return await ReadThenWriteAsync(context, client, printer, fullPath, changes, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error writing data to {fullPath}: {ex.Message}");
            return 2;
        }
        return KvWrite.PrintWritten(context, printer, Field, fullPath, secret);
    }

    private async Task<int> ReadThenWriteAsync(CommandContext context, CofferClient client, Printer printer, string fullPath, JsonObject changes, CancellationToken cancellationToken)
    {
        Secret? current;
        try
        {
            current = await client.Logical.ReadAsync(fullPath, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error doing pre-read at {fullPath}: {ex.Message}");
            return 2;
        }
        if (current?.Data is null)
        {
            context.Ui.Error("No value found at " + fullPath);
            return 2;
        }
        if (current.Data["metadata"] is not JsonObject metadata || !JsonFields.TryGetInt64(metadata["version"], out var version))
        {
            context.Ui.Error("No metadata found at " + fullPath + "; patch only works on existing data");
            return 2;
        }
        var merged = current.Data["data"] is JsonObject existing ? (JsonObject)existing.DeepClone() : new JsonObject();
        foreach (var (key, value) in changes)
        {
            if (value is null)
            {
                merged.Remove(key);
            }
            else
            {
                merged[key] = value.DeepClone();
            }
        }
        var body = new JsonObject
        {
            ["data"] = merged,
            ["options"] = new JsonObject { ["cas"] = _cas.Value > -1 ? _cas.Value : version },
        };
        return await KvWrite.WriteAndPrintAsync(context, client, printer, Field, fullPath, body, cancellationToken).ConfigureAwait(false);
    }
}
