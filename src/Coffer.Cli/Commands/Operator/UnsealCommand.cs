using Coffer.Api;
using Coffer.Api.Sys;
using Coffer.Cli.Flags;
using Coffer.Cli.Input;

namespace Coffer.Cli.Commands.Operator;

internal sealed class UnsealCommand : ApiCommand
{
    private readonly BoolFlag _reset;
    private readonly BoolFlag _migrate;

    public UnsealCommand()
    {
        var s = Flags.Section("Command Options");
        _reset = s.Bool("reset", false, "Forget the shares submitted so far.");
        _migrate = s.Bool("migrate", false, "Mark the share as part of a seal migration.");
    }

    public override string Synopsis => "Submit an unseal key share";

    protected override string Usage => """
        Usage: coffer operator unseal [options] [KEY | -]

          Submits one unseal key share. The server unseals once the threshold of
          shares is reached. With no KEY the share is asked for without echo; with
          "-" it is read from standard input:

              $ coffer operator unseal
              $ coffer operator unseal -reset
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        RequireArgs(args, 0, 1);
        var printer = CreatePrinter(context);
        using var client = CreateClient(context);
        SealStatus status;
        if (_reset.Value)
        {
            try
            {
                status = await client.Sys.ResetUnsealAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (CofferRequestException ex)
            {
                context.Ui.Error("Error resetting unseal process: " + ex.Message);
                return 2;
            }
            return await SealStatusOutput.PrintAsync(context, client, printer, status, cancellationToken).ConfigureAwait(false);
        }

        var key = args.Count == 1 ? args[0].Trim() : "";
        if (key == "-")
        {
            key = context.Env.Stdin.ReadToEnd().Trim();
        }
        else if (key.Length == 0)
        {
            EnsureInteractive("Not prompting for the unseal key because -non-interactive is set; pass the key as an argument.");
            var answer = Prompt.ReadSecret(context, "Unseal Key (will be hidden): ");
            if (answer is null)
            {
                context.Ui.Error("An error occurred attempting to ask for an unseal key: standard input is closed. Pass the key as an argument, or \"-\" to read it from standard input.");
                return 1;
            }
            key = answer;
        }

        try
        {
            status = await client.Sys.UnsealAsync(key, _migrate.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error unsealing: " + ex.Message);
            return 2;
        }
        return await SealStatusOutput.PrintAsync(context, client, printer, status, cancellationToken).ConfigureAwait(false);
    }
}
