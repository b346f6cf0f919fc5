using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands.Generic;

internal sealed class WriteCommand : ApiCommand
{
    private readonly Flags.BoolFlag _force;

    public WriteCommand()
        : base(withField: true)
    {
        _force = Flags.Section("Command Options").Bool("force", false,
            "Write even without any K=V data (for endpoints that take none).", "f");
    }

    public override string Synopsis => "Send data, configuration or secrets to a path";

    protected override string Usage => """
        Usage: coffer write [options] PATH [DATA K=V...]

          Writes data to the server at the given path (HTTP PUT). Data is given as
          K=V pairs; a value starting with "@" is read from that file and a value of
          "-" is read from standard input. "@file.json" merges a JSON object from a
          file and a lone "-" merges one from standard input:

              $ coffer write auth/token/roles/ops allowed_policies=ops orphan=true
              $ coffer write sys/policies/acl/ops policy=@ops.hcl
              $ echo '{"ttl":"1h"}' | coffer write auth/token/roles/ops -
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, int.MaxValue);
        if (args.Count == 1 && !_force.Value)
        {
            context.Ui.Error("Must supply data or use -force");
            return 1;
        }
        var printer = CreatePrinter(context);
        var path = PathArgs.Sanitize(args[0]);
        JsonObject? data;
        try
        {
            data = args.Count > 1 ? KeyValueArgs.Parse(args.Skip(1), context.Env.Stdin) : null;
        }
        catch (FormatException ex)
        {
            context.Ui.Error("Failed to parse K=V data: " + ex.Message);
            return 1;
        }

        using var client = CreateClient(context);
        return await RequestOutcome.PrintAsync(context, printer, Field, $"Error writing data to {path}", "Success! Data written to: " + path,
            () => client.Logical.WriteAsync(path, data, cancellationToken)).ConfigureAwait(false);
    }
}
