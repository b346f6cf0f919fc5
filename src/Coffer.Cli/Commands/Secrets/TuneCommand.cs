using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Secrets;

internal sealed class TuneCommand : ApiCommand
{
    private readonly DurationFlag _defaultLeaseTtl;
    private readonly DurationFlag _maxLeaseTtl;
    private readonly StringFlag _description;
    private readonly KeyValueFlag _options;
    private readonly IntFlag _version;

    public TuneCommand()
    {
        var s = Flags.Section("Command Options");
        _defaultLeaseTtl = s.Duration("default-lease-ttl", TimeSpan.Zero, "New default lease lifetime; a negative value returns to the system value.");
        _maxLeaseTtl = s.Duration("max-lease-ttl", TimeSpan.Zero, "New maximum lease lifetime; a negative value returns to the system value.");
        _description = s.String("description", "", "Replace the mount's description.");
        _options = s.KeyValues("options", "An engine option as key=value. Repeat the flag for more options.");
        _version = s.Int("version", 0, "Engine version, sent as the \"version\" option.");
    }

    public override string Synopsis => "Change the settings of a mounted secrets engine";

    protected override string Usage => """
        Usage: coffer secrets tune [options] PATH

          Changes the settings of the secrets engine at PATH:

              $ coffer secrets tune -default-lease-ttl=72h -max-lease-ttl=768h secret/
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        using var client = CreateClient(context);
        var path = PathArgs.WithTrailingSlash(PathArgs.Sanitize(args[0]));
        var body = new JsonObject();
        AddTtl(body, "default_lease_ttl", _defaultLeaseTtl.Value);
        AddTtl(body, "max_lease_ttl", _maxLeaseTtl.Value);
        if (_description.IsSet)
        {
            body["description"] = _description.Value;
        }
        var options = new Dictionary<string, string>(_options.Values, StringComparer.Ordinal);
        if (_version.IsSet)
        {
            options["version"] = _version.Value.ToString(CultureInfo.InvariantCulture);
        }
        if (options.Count > 0)
        {
            body["options"] = MountOptions.ToJson(options);
        }
        try
        {
            await client.SendAsync(HttpMethod.Post, "sys/mounts/" + PathArgs.Sanitize(path) + "/tune", body, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"Error tuning secrets engine {path}: {ex.Message}");
            return 2;
        }
        context.Ui.Output("Success! Tuned the secrets engine at: " + path);
        return 0;
    }

    // Zero leaves the value alone, a negative value asks for the system default.
    private static void AddTtl(JsonObject body, string name, TimeSpan value)
    {
        if (value < TimeSpan.Zero)
        {
            body[name] = "system";
        }
        else if (value > TimeSpan.Zero)
        {
            body[name] = DurationFormat.Humanize(value);
        }
    }
}
