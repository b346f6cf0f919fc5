using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Token;

internal sealed class RenewCommand : ApiCommand
{
    private readonly DurationFlag _increment;
    private readonly BoolFlag _accessor;

    public RenewCommand()
        : base(withField: true)
    {
        var s = Flags.Section("Command Options");
        _increment = s.Duration("increment", TimeSpan.Zero, "Ask for this much more lifetime, such as \"1h\". The server may grant less; without it the token's own TTL is used.", "i");
        _accessor = s.Bool("accessor", false, "The argument is a token accessor, not a token.");
    }

    public override string Synopsis => "Extend the lifetime of a token";

    protected override string Usage => """
        Usage: coffer token renew [options] [TOKEN | ACCESSOR]

          Extends a token's lifetime within its maximum TTL. With no argument the
          token in use is renewed:

              $ coffer token renew
              $ coffer token renew -increment=30m hvs.XXXXXXXX
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 1, "0-1");
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        // The API takes whole seconds; increments under a second mean "use the default".
        var increment = _increment.Value < TimeSpan.FromSeconds(1) ? 0 : (long)_increment.Value.TotalSeconds;
        var target = args.Count == 1 ? args[0].Trim() : "";
        Secret? secret;
        try
        {
            secret = target.Length == 0
                ? await client.SendAsync(HttpMethod.Put, "auth/token/renew-self", new JsonObject { ["increment"] = increment }, null, cancellationToken).ConfigureAwait(false)
                : _accessor.Value
                    ? await client.SendAsync(HttpMethod.Post, "auth/token/renew-accessor", new JsonObject { ["accessor"] = target, ["increment"] = increment }, null, cancellationToken).ConfigureAwait(false)
                    : await client.SendAsync(HttpMethod.Put, "auth/token/renew", new JsonObject { ["token"] = target, ["increment"] = increment }, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error renewing token: " + ex.Message);
            return 2;
        }
        if (secret is null)
        {
            context.Ui.Error("Error renewing token: the server returned no data");
            return 2;
        }
        return Field.Length > 0 ? printer.Field(secret, Field) : printer.Secret(secret);
    }
}
