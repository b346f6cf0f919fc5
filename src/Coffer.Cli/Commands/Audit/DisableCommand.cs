using Coffer.Api;

namespace Coffer.Cli.Commands.Audit;

internal sealed class DisableCommand : ApiCommand
{
    public override string Synopsis => "Turn off an audit device";

    protected override string Usage => """
        Usage: coffer audit disable [options] PATH

          Disables the audit device at PATH:

              $ coffer audit disable file/
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 1, 1);
        using var client = CreateClient(context);
        var path = PathArgs.WithTrailingSlash(PathArgs.Sanitize(args[0]));
        try
        {
            await client.SendAsync(HttpMethod.Delete, "sys/audit/" + PathArgs.Sanitize(path), null, null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error disabling audit device: " + ex.Message);
            return 2;
        }
        context.Ui.Output("Success! Disabled audit device (if it was enabled) at: " + path);
        return 0;
    }
}
