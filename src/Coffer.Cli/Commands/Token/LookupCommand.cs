using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Token;

internal sealed class LookupCommand : ApiCommand
{
    private readonly BoolFlag _accessor;

    public LookupCommand()
        : base(withField: true)
    {
        _accessor = Flags.Section("Command Options").Bool("accessor", false, "The argument is a token accessor, not a token.");
    }

    public override string Synopsis => "Show the properties of a token";

    protected override string Usage => """
        Usage: coffer token lookup [options] [TOKEN | ACCESSOR]

          Shows a token's properties. With no argument the token in use is looked up:

              $ coffer token lookup
              $ coffer token lookup hvs.XXXXXXXX
              $ coffer token lookup -accessor ACCESSOR
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 1, "0-1");
        if (_accessor.Value && args.Count == 0)
        {
            context.Ui.Error("Not enough arguments with -accessor (expected 1, got 0)");
            return 1;
        }
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        Secret? secret;
        try
        {
            secret = args.Count == 0
                ? await client.SendAsync(HttpMethod.Get, "auth/token/lookup-self", null, null, cancellationToken).ConfigureAwait(false)
                : _accessor.Value
                    ? await client.SendAsync(HttpMethod.Post, "auth/token/lookup-accessor", new JsonObject { ["accessor"] = args[0].Trim() }, null, cancellationToken).ConfigureAwait(false)
                    : await client.SendAsync(HttpMethod.Post, "auth/token/lookup", new JsonObject { ["token"] = args[0].Trim() }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error looking up token: " + ex.Message);
            return 2;
        }
        if (secret is null)
        {
            context.Ui.Error("Error looking up token: the server returned no data");
            return 2;
        }
        return Field.Length > 0 ? printer.Field(secret, Field) : printer.Secret(secret);
    }
}
