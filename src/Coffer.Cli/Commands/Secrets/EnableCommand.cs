using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Secrets;

internal sealed class EnableCommand : ApiCommand
{
    private readonly StringFlag _path;
    private readonly StringFlag _description;
    private readonly DurationFlag _defaultLeaseTtl;
    private readonly DurationFlag _maxLeaseTtl;
    private readonly BoolFlag _forceNoCache;
    private readonly BoolFlag _local;
    private readonly BoolFlag _sealWrap;
    private readonly BoolFlag _externalEntropyAccess;
    private readonly KeyValueFlag _options;
    private readonly IntFlag _version;

    public EnableCommand()
    {
        var s = Flags.Section("Command Options");
        _path = s.String("path", "", "Place where the secrets engine will be accessible. This must be unique across all secrets engines. This defaults to the \"type\" of the secrets engine.");
        _description = s.String("description", "", "Human-friendly description for the purpose of this engine.");
        _defaultLeaseTtl = s.Duration("default-lease-ttl", TimeSpan.Zero, "The default lease TTL for this secrets engine. If unspecified, this defaults to the system default.");
        _maxLeaseTtl = s.Duration("max-lease-ttl", TimeSpan.Zero, "The maximum lease TTL for this secrets engine. If unspecified, this defaults to the system default.");
        _forceNoCache = s.Bool("force-no-cache", false, "Force the secrets engine to disable caching.");
        _local = s.Bool("local", false, "Mark the secrets engine as local-only. Local engines are not replicated or removed by replication.");
        _sealWrap = s.Bool("seal-wrap", false, "Enable seal wrapping of critical values in the secrets engine.");
        _externalEntropyAccess = s.Bool("external-entropy-access", false, "Enable secrets engine to access the server's external entropy source.");
        _options = s.KeyValues("options", "Key-value pair provided as key=value for the mount options. This can be specified multiple times.");
        _version = s.Int("version", 0, "Select the version of the engine to run. Not supported by all engines.");
    }

    public override string Synopsis => "Enable a secrets engine";

    protected override string Usage => """
        Usage: coffer secrets enable [options] TYPE

          Enables a secrets engine of the given type at a path (by default, the type):

              $ coffer secrets enable -path=secret -version=2 kv
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        using var client = CreateClient(context);
        var engineType = args[0].Trim();
        var mountPath = PathArgs.WithTrailingSlash(_path.Value.Length > 0 ? _path.Value : engineType);

        var options = new Dictionary<string, string>(_options.Values, StringComparer.Ordinal);
        if (_version.Value > 0)
        {
            options["version"] = _version.Value.ToString(CultureInfo.InvariantCulture);
        }
        var body = new JsonObject
        {
            ["type"] = engineType,
            ["description"] = _description.Value,
            ["config"] = new JsonObject
            {
                ["default_lease_ttl"] = DurationFormat.Humanize(_defaultLeaseTtl.Value),
                ["max_lease_ttl"] = DurationFormat.Humanize(_maxLeaseTtl.Value),
                ["force_no_cache"] = _forceNoCache.Value,
            },
            ["local"] = _local.Value,
            ["seal_wrap"] = _sealWrap.Value,
            ["external_entropy_access"] = _externalEntropyAccess.Value,
        };
        if (options.Count > 0)
        {
            body["options"] = MountOptions.ToJson(options);
        }
        try
        {
            await client.SendAsync(HttpMethod.Post, "sys/mounts/" + PathArgs.Sanitize(mountPath), body, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error enabling: " + ex.Message);
            return 2;
        }
        context.Ui.Output($"Success! Enabled the {engineType} secrets engine at: {mountPath}");
        return 0;
    }
}
