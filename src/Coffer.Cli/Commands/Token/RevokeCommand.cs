using System.Text.Json.Nodes;
using Coffer.Api;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Commands.Token;

internal sealed class RevokeCommand : ApiCommand
{
    private readonly BoolFlag _accessor;
    private readonly BoolFlag _self;
    private readonly StringFlag _mode;

    public RevokeCommand()
    {
        var s = Flags.Section("Command Options");
        _accessor = s.Bool("accessor", false, "The argument is a token accessor, not a token.");
        _self = s.Bool("self", false, "Revoke the token this CLI is using.");
        _mode = s.String("mode", "", "\"orphan\" revokes only the token and leaves its children as orphans; \"path\" revokes every token created under the given path prefix. By default the token and all its descendants are revoked.");
    }

    public override string Synopsis => "Invalidate a token and the tokens it created";

    protected override string Usage => """
        Usage: coffer token revoke [options] [TOKEN | ACCESSOR]

          Revokes a token and, unless -mode=orphan, every token created from it.
          Leases created with the token are revoked too:

              $ coffer token revoke hvs.XXXXXXXX
              $ coffer token revoke -self
              $ coffer token revoke -mode=path auth/token/create/ops
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var mode = _mode.Value;
        if (_self.Value && _accessor.Value)
        {
            context.Ui.Error("Cannot use -self with -accessor!");
            return 1;
        }
        if (_self.Value && mode.Length > 0)
        {
            context.Ui.Error("Cannot use -self with -mode!");
            return 1;
        }
        if (_accessor.Value && mode == "orphan")
        {
            context.Ui.Error("Cannot use -accessor with -mode=orphan!");
            return 1;
        }
        if (_accessor.Value && mode == "path")
        {
            context.Ui.Error("Cannot use -accessor with -mode=path!");
            return 1;
        }
        if (mode is not ("" or "orphan" or "path"))
        {
            context.Ui.Error("Invalid mode: " + mode);
            return 1;
        }
        if (_self.Value)
        {
            RequireArgs(args, 0, 0);
        }
        else
        {
            RequireArgs(args, 1, 1);
        }

        using var client = CreateClient(context);
        var target = args.Count == 1 ? args[0].Trim() : "";
        try
        {
            if (_self.Value)
            {
                await client.SendAsync(HttpMethod.Put, "auth/token/revoke-self", null, null, cancellationToken).ConfigureAwait(false);
            }
            else if (_accessor.Value)
            {
                await client.SendAsync(HttpMethod.Post, "auth/token/revoke-accessor", new JsonObject { ["accessor"] = target }, null, cancellationToken).ConfigureAwait(false);
            }
            else if (mode == "path")
            {
                await client.SendAsync(HttpMethod.Put, "sys/leases/revoke-prefix/" + target, null, null, cancellationToken).ConfigureAwait(false);
            }
            else if (mode == "orphan")
            {
                await client.SendAsync(HttpMethod.Put, "auth/token/revoke-orphan", new JsonObject { ["token"] = target }, null, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await client.SendAsync(HttpMethod.Put, "auth/token/revoke", new JsonObject { ["token"] = target }, null, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error revoking token: " + ex.Message);
            return 2;
        }
        context.Ui.Output("Success! Revoked token (if it existed)");
        return 0;
    }
}
