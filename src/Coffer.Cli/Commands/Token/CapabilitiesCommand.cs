using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Token;

internal sealed class CapabilitiesCommand : ApiCommand
{
    private readonly BoolFlag _accessor;

    public CapabilitiesCommand()
    {
        _accessor = Flags.Section("Command Options").Bool("accessor", false, "The argument is a token accessor, not a token.");
    }

    public override string Synopsis => "Show what a token may do on a path";

    protected override string Usage => """
        Usage: coffer token capabilities [options] [TOKEN | ACCESSOR] PATH

          Prints what a token may do on a path. With only PATH the token in use is
          checked:

              $ coffer token capabilities sys/replication/dr/secondary/promote
              $ coffer token capabilities hvb.XXXXXXXX sys/storage/raft/autopilot/state
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 2, "1-2");
        if (_accessor.Value && args.Count != 2)
        {
            context.Ui.Error("Not enough arguments with -accessor (expected 2, got 1)");
            return 1;
        }
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        var path = args[^1].Trim();
        var paths = GoJson.StringArray([path]);
        Secret? secret;
        try
        {
            secret = args.Count == 1
                ? await client.SendAsync(HttpMethod.Post, "sys/capabilities-self", new JsonObject { ["paths"] = paths }, null, cancellationToken).ConfigureAwait(false)
                : _accessor.Value
                    ? await client.SendAsync(HttpMethod.Post, "sys/capabilities-accessor", new JsonObject { ["accessor"] = args[0].Trim(), ["paths"] = paths }, null, cancellationToken).ConfigureAwait(false)
                    : await client.SendAsync(HttpMethod.Post, "sys/capabilities", new JsonObject { ["token"] = args[0].Trim(), ["paths"] = paths }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error listing capabilities: " + ex.Message);
            return 2;
        }
        var capabilities = JsonFields.GetStringList(secret?.Data, path) ?? JsonFields.GetStringList(secret?.Data, "capabilities") ?? [];
        if (!printer.IsTable)
        {
            return printer.Structured(GoJson.StringArray(capabilities));
        }
        context.Ui.Output(string.Join(", ", capabilities.Order(StringComparer.Ordinal)));
        return 0;
    }
}
