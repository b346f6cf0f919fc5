using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Kv;

internal sealed class MetadataPutCommand : KvCommand
{
    private readonly IntFlag _maxVersions;
    private readonly BoolFlag _casRequired;
    private readonly DurationFlag _deleteVersionAfter;
    private readonly KeyValueFlag _customMetadata;

    public MetadataPutCommand()
    {
        _maxVersions = Options.Int("max-versions", -1, "How many versions to keep; the mount setting applies when not given.");
        _casRequired = Options.Bool("cas-required", false, "Require check-and-set on every write to this key.");
        _deleteVersionAfter = Options.Duration("delete-version-after", TimeSpan.FromSeconds(-1), "Soft-delete versions after this long; cannot exceed the mount setting.");
        _customMetadata = Options.KeyValues("custom-metadata", "A key=value pair describing the secret, shared by all versions. Repeat the flag for more pairs.");
    }

    public override string Synopsis => "Change the settings of a KV key";

    protected override string Usage => """
        Usage: coffer kv metadata put [options] KEY

          Sets the settings of a KV v2 key, creating the key's metadata if needed:

              $ coffer kv metadata put -mount=secret -max-versions=5 app/config
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
        var body = new JsonObject();
        if (_maxVersions.Value >= 0)
        {
            body["max_versions"] = _maxVersions.Value;
        }
        if (_casRequired.IsSet)
        {
            body["cas_required"] = _casRequired.Value;
        }
        if (_deleteVersionAfter.Value >= TimeSpan.Zero)
        {
            body["delete_version_after"] = DurationFormat.Humanize(_deleteVersionAfter.Value);
        }
        if (_customMetadata.Values.Count > 0)
        {
            body["custom_metadata"] = new JsonObject(_customMetadata.Values.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value))));
        }
        Secret? secret;
        try
        {
            secret = await client.Logical.WriteAsync(fullPath, body, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error writing data to {fullPath}: {ex.Message}");
            return 2;
        }
        if (secret is null)
        {
            if (printer.IsTable)
            {
                context.Ui.Output("Success! Data written to: " + fullPath);
            }
            return 0;
        }
        return printer.Secret(secret);
    }
}
