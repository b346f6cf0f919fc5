using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Operator.Raft;

internal sealed class AutopilotStateCommand : ApiCommand
{
    private readonly StringFlag _drToken;

    public AutopilotStateCommand()
    {
        _drToken = Flags.Section("Command Options").String("dr-token", "", "DR operation token authorising the request on a DR secondary; it is sent as the request token.");
    }

    public override string Synopsis => "Show cluster health as autopilot sees it";

    protected override string Usage => """
        Usage: coffer operator raft autopilot state [options]

          Shows cluster health as autopilot sees it: failure tolerance, leader,
          voters and the state of every server. The default format is "pretty":

              $ coffer operator raft autopilot state
        """;

    // A table does not suit the nested state; "table" (the usual default) means the readable layout.
    protected override string DefaultFormat => OutputFormat.Pretty;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (args.Count != 0)
        {
            context.Ui.Error($"Incorrect arguments (expected 0, got {args.Count})");
            return 1;
        }
        var format = ResolveFormat(context);
        var printer = new Printer(context.Ui, format == OutputFormat.Table ? OutputFormat.Pretty : format);
        using var client = CreateClient(context);
        if (_drToken.Value.Length > 0)
        {
            client.Token = _drToken.Value;
        }
        JsonObject? state;
        try
        {
            var response = await client.SendRawAsync(HttpMethod.Get, "sys/storage/raft/autopilot/state", null, null, null, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 404)
            {
                return 0;
            }
            CofferClient.EnsureSuccess(response);
            state = CofferClient.ParseSecret(response)?.Data;
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error checking autopilot state: " + ex.Message);
            return 2;
        }
        if (state is null)
        {
            context.Ui.Error("Error checking autopilot state: data from server response is empty");
            return 2;
        }
        if (printer.Format == OutputFormat.Pretty)
        {
            context.Ui.Output(AutopilotStateText.Format(state));
            return 0;
        }
        return printer.Structured(GoJson.SortMaps(state));
    }
}
