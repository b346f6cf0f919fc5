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
        _path = s.String("path", "", "Mount path of the engine; it must not overlap another mount. Defaults to the engine type.");
        _description = s.String("description", "", "Free text describing what the mount is for.");
        _defaultLeaseTtl = s.Duration("default-lease-ttl", TimeSpan.Zero, "Default lease lifetime for this mount; the system value when not given.");
        _maxLeaseTtl = s.Duration("max-lease-ttl", TimeSpan.Zero, "Maximum lease lifetime for this mount; the system value when not given.");
        _forceNoCache = s.Bool("force-no-cache", false, "Turn off the engine's cache.");
        _local = s.Bool("local", false, "Keep the mount out of replication.");
        _sealWrap = s.Bool("seal-wrap", false, "Ask the server to seal-wrap the engine's critical values.");
        _externalEntropyAccess = s.Bool("external-entropy-access", false, "Let the engine use the server's external entropy source.");
        _options = s.KeyValues("options", "An engine option as key=value. Repeat the flag for more options.");
        _version = s.Int("version", 0, "Engine version, sent as the \"version\" option (2 for versioned KV).");
    }

    public override string Synopsis => "Mount a secrets engine";

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
