using System.Globalization;
using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class AutopilotGetConfigCommand : ApiCommand
{
    private readonly StringFlag _drToken;

    public AutopilotGetConfigCommand()
    {
        _drToken = Flags.Section("Command Options").String("dr-token", "", "DR operation token authorising the request on a DR secondary; it is sent as the request token.");
    }

    public override string Synopsis => "Show autopilot settings";

    protected override string Usage => """
        Usage: coffer operator raft autopilot get-config [options]

          Shows the autopilot settings (dead server cleanup, health thresholds):

              $ coffer operator raft autopilot get-config
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 0)
        {
            context.Ui.Error($"Incorrect arguments (expected 0, got {args.Count})");
            return 1;
        }
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        if (_drToken.Value.Length > 0)
        {
            client.Token = _drToken.Value;
        }
        Secret? secret;
        try
        {
            secret = await client.Logical.ReadAsync("sys/storage/raft/autopilot/configuration", null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error reading the autopilot configuration: " + ex.Message);
            return 2;
        }
        if (secret?.Data is not JsonObject config)
        {
            return 0;
        }
        if (!printer.IsTable)
        {
            return printer.Structured(GoJson.SortMaps(config));
        }
        context.Ui.Output(Columns.Table(["Key", "Value"],
        [
            ["Cleanup Dead Servers", B(JsonFields.GetBool(config, "cleanup_dead_servers"))],
            ["Last Contact Threshold", Duration(config, "last_contact_threshold")],
            ["Dead Server Last Contact Threshold", Duration(config, "dead_server_last_contact_threshold")],
            ["Server Stabilization Time", Duration(config, "server_stabilization_time")],
            ["Min Quorum", N(JsonFields.GetInt64(config, "min_quorum"))],
            ["Max Trailing Logs", N(JsonFields.GetInt64(config, "max_trailing_logs"))],
            ["Disable Upgrade Migration", B(JsonFields.GetBool(config, "disable_upgrade_migration"))],
        ]));
        return 0;
    }

    private static string Duration(JsonObject config, string name)
    {
        var text = JsonFields.GetString(config, name);
        return DurationParser.TryParse(text, out var value, out _) ? DurationFormat.GoString(value) : text;
    }

    private static string B(bool value) => value ? "true" : "false";

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);
}
