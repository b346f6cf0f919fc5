using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Audit;

internal sealed class EnableCommand : ApiCommand
{
    private readonly StringFlag _description;
    private readonly StringFlag _path;
    private readonly BoolFlag _local;

    public EnableCommand()
    {
        var s = Flags.Section("Command Options");
        _description = s.String("description", "", "Free text describing the device.");
        _path = s.String("path", "", "Path of the device; it must be unique. Defaults to the device type.");
        _local = s.Bool("local", false, "Keep the device out of replication.");
    }

    public override string Synopsis => "Turn on an audit device";

    protected override string Usage => """
        Usage: coffer audit enable [options] TYPE [CONFIG K=V...]

          Enables an audit device of the given type. K=V pairs configure the device:

              $ coffer audit enable file file_path=/var/log/coffer/audit.log
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, int.MaxValue);
        var type = args[0].Trim();
        if (type.Length == 0)
        {
            context.Ui.Error("Missing audit device type");
            return 1;
        }
        JsonObject options;
        try
        {
            // Device options are a string map on the wire.
            options = new JsonObject(KeyValueArgs.Parse(args.Skip(1), context.Env.Stdin).ToList()
                .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : GoFormat.Value(p.Value)))));
        }
        catch (FormatException ex)
        {
            context.Ui.Error("Failed to parse K=V configuration: " + ex.Message);
            return 1;
        }
        using var client = CreateClient(context);
        var path = PathArgs.WithTrailingSlash(PathArgs.Sanitize(_path.Value.Length > 0 ? _path.Value : type));
        var body = new JsonObject
        {
            ["type"] = type,
            ["description"] = _description.Value,
            ["options"] = options,
            ["local"] = _local.Value,
        };
        try
        {
            await client.SendAsync(HttpMethod.Put, "sys/audit/" + PathArgs.Sanitize(path), body, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error enabling audit device: " + ex.Message);
            return 2;
        }
        context.Ui.Output($"Success! Enabled the {type} audit device at: {path}");
        return 0;
    }
}
