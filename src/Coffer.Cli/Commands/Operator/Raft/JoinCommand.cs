using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class JoinCommand : ApiCommand
{
    private readonly StringFlag _leaderCaCert;
    private readonly StringFlag _leaderClientCert;
    private readonly StringFlag _leaderClientKey;
    private readonly BoolFlag _retry;
    private readonly BoolFlag _nonVoter;
    private readonly StringFlag _autoJoinScheme;
    private readonly IntFlag _autoJoinPort;

    public JoinCommand()
    {
        var s = Flags.Section("Command Options");
        _leaderCaCert = s.String("leader-ca-cert", "", "CA certificate the leader's TLS certificate must chain to, as PEM text or @file.");
        _leaderClientCert = s.String("leader-client-cert", "", "Client certificate presented to the leader, as PEM text or @file.");
        _leaderClientKey = s.String("leader-client-key", "", "Private key of -leader-client-cert, as PEM text or @file.");
        _retry = s.Bool("retry", false, "Keep trying until the join succeeds.");
        _nonVoter = s.Bool("non-voter", false, "Join as a non-voter that receives data but takes no part in quorum.");
        _autoJoinScheme = s.String("auto-join-scheme", "", "URL scheme for addresses found through auto-join.");
        _autoJoinPort = s.Int("auto-join-port", 0, "Port for addresses found through auto-join.");
    }

    public override string Synopsis => "Add this node to an integrated storage cluster";

    protected override string Usage => """
        Usage: coffer operator raft join [options] <leader-api-addr>

          Joins this node to an integrated storage cluster by contacting its leader.
          This replaces "operator init" on the new node:

              $ coffer operator raft join https://10.0.0.2:8200
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 1, "0-1");
        var printer = CreatePrinter(context);
        var target = args.Count == 1 ? args[0].Trim() : "";
        JsonObject body;
        try
        {
            body = new JsonObject
            {
                // An auto-join configuration ("provider=...") replaces the leader address.
                ["auto_join"] = target.Contains("provider=", StringComparison.Ordinal) ? target : "",
                ["auto_join_scheme"] = _autoJoinScheme.Value,
                ["auto_join_port"] = _autoJoinPort.Value,
                ["leader_api_addr"] = target.Contains("provider=", StringComparison.Ordinal) ? "" : target,
                ["leader_ca_cert"] = ValueOrFile(_leaderCaCert.Value),
                ["leader_client_cert"] = ValueOrFile(_leaderClientCert.Value),
                ["leader_client_key"] = ValueOrFile(_leaderClientKey.Value),
                ["retry"] = _retry.Value,
                ["non_voter"] = _nonVoter.Value,
            };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            context.Ui.Error("Error reading file: " + ex.Message);
            return 1;
        }
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = await client.SendAsync(HttpMethod.Post, "sys/storage/raft/join", body, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error joining the node to the Raft cluster: " + ex.Message);
            return 2;
        }
        var joined = JsonFields.GetBool(secret?.Data, "joined");
        if (!printer.IsTable)
        {
            return printer.Structured(new JsonObject { ["joined"] = joined });
        }
        context.Ui.Output(Columns.Table(["Key", "Value"], [["Joined", joined ? "true" : "false"]]));
        return 0;
    }

    private static string ValueOrFile(string value) => value.StartsWith('@') ? File.ReadAllText(value[1..]) : value;
}
