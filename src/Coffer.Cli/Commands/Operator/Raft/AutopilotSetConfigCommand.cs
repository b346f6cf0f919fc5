using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class AutopilotSetConfigCommand : ApiCommand
{
    private readonly BoolFlag _cleanupDeadServers;
    private readonly DurationFlag _lastContactThreshold;
    private readonly DurationFlag _deadServerLastContactThreshold;
    private readonly IntFlag _maxTrailingLogs;
    private readonly IntFlag _minQuorum;
    private readonly DurationFlag _serverStabilizationTime;
    private readonly BoolFlag _disableUpgradeMigration;
    private readonly StringFlag _drToken;

    public AutopilotSetConfigCommand()
    {
        var s = Flags.Section("Command Options");
        _cleanupDeadServers = s.Bool("cleanup-dead-servers", false, "Remove servers that stay unreachable from the cluster automatically.");
        _lastContactThreshold = s.Duration("last-contact-threshold", TimeSpan.Zero, "Time without contact from the leader after which a server counts as unhealthy.");
        _deadServerLastContactThreshold = s.Duration("dead-server-last-contact-threshold", TimeSpan.Zero, "Time without contact after which a server counts as dead (used with -cleanup-dead-servers).");
        _maxTrailingLogs = s.Int("max-trailing-logs", 0, "Number of log entries a server may lag behind the leader and still be healthy.");
        _minQuorum = s.Int("min-quorum", 0, "Fewest voters the cluster may shrink to; dead server cleanup never goes below it.");
        _serverStabilizationTime = s.Duration("server-stabilization-time", TimeSpan.Zero, "How long a new server must stay healthy before it is promoted to voter.");
        _disableUpgradeMigration = s.Bool("disable-upgrade-migration", false, "Turn off automated upgrade migrations.");
        _drToken = s.String("dr-token", "", "DR operation token authorising the request on a DR secondary.");
    }

    public override string Synopsis => "Change autopilot settings";

    protected override string Usage => """
        Usage: coffer operator raft autopilot set-config [options]

          Changes the given autopilot settings; others keep their values:

              $ coffer operator raft autopilot set-config -cleanup-dead-servers=true -min-quorum=3
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 0)
        {
            context.Ui.Error($"Incorrect arguments (expected 0, got {args.Count})");
            return 1;
        }
        var printer = CreatePrinter(context);
        var body = new JsonObject();
        if (_cleanupDeadServers.IsSet)
        {
            body["cleanup_dead_servers"] = _cleanupDeadServers.Value;
        }
        if (_maxTrailingLogs.Value > 0)
        {
            body["max_trailing_logs"] = _maxTrailingLogs.Value;
        }
        if (_minQuorum.Value > 0)
        {
            body["min_quorum"] = _minQuorum.Value;
        }
        AddDuration(body, "last_contact_threshold", _lastContactThreshold.Value);
        AddDuration(body, "dead_server_last_contact_threshold", _deadServerLastContactThreshold.Value);
        AddDuration(body, "server_stabilization_time", _serverStabilizationTime.Value);
        if (_disableUpgradeMigration.IsSet)
        {
            body["disable_upgrade_migration"] = _disableUpgradeMigration.Value;
        }
        if (_drToken.Value.Length > 0)
        {
            body["dr_operation_token"] = _drToken.Value;
        }
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = await client.SendAsync(HttpMethod.Post, "sys/storage/raft/autopilot/configuration", body, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error(ex.Message);
            return 2;
        }
        return secret is null ? 0 : printer.Secret(secret);
    }

    private static void AddDuration(JsonObject body, string name, TimeSpan value)
    {
        if (value > TimeSpan.Zero)
        {
            body[name] = DurationFormat.GoString(value);
        }
    }
}
