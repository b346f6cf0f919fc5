using Coffer.Api;
using Coffer.Cli.Config;
using Coffer.Cli.Flags;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands;

/// <summary>A command that talks to a server: HTTP flags, output flags, client and printer creation.</summary>
internal abstract class ApiCommand : Command
{
    protected ApiCommand(bool withField = false, bool withDetailed = false)
    {
        Http = new HttpFlags(Flags);
        OutputOptions = new OutputFlags(Flags, withField, withDetailed);
    }

    protected HttpFlags Http { get; }

    protected OutputFlags OutputOptions { get; }

    /// <summary>Value of <c>-field</c>; empty when not given or not supported.</summary>
    protected string Field => OutputOptions.Field?.Value ?? "";

    protected bool Detailed => OutputOptions.Detailed?.Value ?? false;

    protected virtual string DefaultFormat => OutputFormat.Table;

    /// <summary>The output format from <c>-format</c>, COFFER_FORMAT / VAULT_FORMAT, or the command default.</summary>
    protected string ResolveFormat(CommandContext context)
    {
        var requested = OutputOptions.Format.IsSet ? OutputOptions.Format.Value : EnvVars.Get(context.Env, "FORMAT") ?? DefaultFormat;
        if (!OutputFormat.TryNormalize(requested, out var format))
        {
            throw new CliException("Invalid output format: " + requested, 1);
        }
        return format;
    }

    protected Printer CreatePrinter(CommandContext context) => new(context.Ui, ResolveFormat(context));

    protected CofferClient CreateClient(CommandContext context)
    {
        var options = ClientSettings.Resolve(Http, context.Env);
        try
        {
            return new CofferClient(options);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException
            or System.Security.Cryptography.CryptographicException or UnauthorizedAccessException)
        {
            throw new CliException("Error initializing client: " + ex.Message, 2);
        }
    }

    protected override bool ShowsTableOutput(CommandContext context)
    {
        try
        {
            return ResolveFormat(context) == OutputFormat.Table;
        }
        catch (CliException)
        {
            return true;
        }
    }

    /// <summary>Stops with an exit code of 1 when prompting is forbidden by <c>-non-interactive</c>.</summary>
    protected void EnsureInteractive(string message)
    {
        if (Http.NonInteractive.Value)
        {
            throw new CliException(message, 1);
        }
    }
}
