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
        _maxVersions = Options.Int("max-versions", -1, "The number of versions to keep. If not set, the backend's configured max version is used.");
        _casRequired = Options.Bool("cas-required", false, "If true the key will require the cas parameter to be set on all write requests. If false, the backend's configuration will be used.");
        _deleteVersionAfter = Options.Duration("delete-version-after", TimeSpan.FromSeconds(-1), "Specifies the length of time before a version is deleted. If not set, the backend's configured delete-version-after is used. Cannot be greater than the backend's delete-version-after.");
        _customMetadata = Options.KeyValues("custom-metadata", "Specifies arbitrary version-agnostic key=value metadata meant to describe a secret. This can be specified multiple times to add multiple pieces of metadata.");
    }

    public override string Synopsis => "Sets or updates key settings in the KV store";

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
