using Coffer.Api;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>
/// How every write-like command ends, as Vault's CLI does it: an API error is printed as
/// <c>Error &lt;doing&gt; &lt;path&gt;: …</c> with exit code 2; an empty answer prints the success line (table format only);
/// any other answer is printed as a secret, or just its <c>-field</c>.
/// </summary>
internal static class RequestOutcome
{
    public static async Task<int> PrintAsync(
        CommandContext context, Printer printer, string field, string errorPrefix, string successLine, Func<Task<Secret?>> send)
    {
        Secret? secret;
        try
        {
            secret = await send().ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error($"{errorPrefix}: {ex.Message}");
            return 2;
        }

        if (secret is null)
        {
            if (printer.IsTable)
            {
                context.Ui.Output(successLine);
            }

            return 0;
        }

        return field.Length > 0 ? printer.Field(secret, field) : printer.Secret(secret);
    }
}
