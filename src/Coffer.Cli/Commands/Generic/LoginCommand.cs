using Coffer.Api;
using Coffer.Cli.Config;
using Coffer.Cli.Input;
using Coffer.Cli.Output;

namespace Coffer.Cli.Commands.Generic;

/// <summary>
/// <c>coffer login</c> with the token method: the token is checked with <c>auth/token/lookup-self</c>,
/// stored by the token helper, and described like a login response.
/// </summary>
internal sealed class LoginCommand : ApiCommand
{
    private readonly Flags.StringFlag _method;
    private readonly Flags.BoolFlag _noStore;
    private readonly Flags.BoolFlag _noPrint;
    private readonly Flags.BoolFlag _tokenOnly;

    public LoginCommand()
        : base(withField: true)
    {
        var s = Flags.Section("Command Options");
        _method = s.String("method", "token", "Authentication method; this CLI supports \"token\".");
        _noStore = s.Bool("no-store", false, "Check the token but do not save it for later commands.");
        _noPrint = s.Bool("no-print", false, "Save the token without printing anything about it.");
        _tokenOnly = s.Bool("token-only", false, "Print only the token and do not save it (like -field=token -no-store).");
    }

    public override string Synopsis => "Authenticate this CLI with a token";

    protected override string Usage => """
        Usage: coffer login [options] [TOKEN | -]

          Authenticates with a token. The token is looked up on the server to check
          it, then stored by the token helper (~/.vault-token) so later commands use
          it. With no argument the token is asked for; with "-" it is read from
          standard input:

              $ coffer login hvs.XXXXXXXXXXXXXXXXXXXXXXXX
              $ echo "$TOKEN" | coffer login -
        """;

    protected override async Task<int> ExecuteAsync(CommandContext context, IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (_method.Value != "token")
        {
            context.Ui.Error($"Unknown auth method: {_method.Value}. This CLI supports only the \"token\" method.");
            return 1;
        }
        var printer = CreatePrinter(context);
        string token;
        try
        {
            token = ReadToken(context, args);
        }
        catch (FormatException ex)
        {
            context.Ui.Error("Error parsing configuration: " + ex.Message);
            return 1;
        }
        if (token.Length == 0)
        {
            context.Ui.Error("Error authenticating: a token must be passed to auth, please view the help for more information");
            return 2;
        }

        using var client = CreateClient(context);
        client.Token = token;
        client.WrapTtl = null;
        Secret? lookup;
        try
        {
            lookup = await client.Logical.ReadAsync("auth/token/lookup-self", null, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferRequestException ex)
        {
            context.Ui.Error("Error authenticating: error looking up token: " + ex.Message);
            return 2;
        }
        if (lookup?.Data is null)
        {
            context.Ui.Error("Error authenticating: empty response from lookup-self");
            return 2;
        }
        var secret = DescribeToken(token, lookup);

        var store = !_noStore.Value && !_tokenOnly.Value;
        if (store)
        {
            try
            {
                new TokenHelper(context.Env.HomeDirectory).Store(token);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                context.Ui.Error("Error storing token: " + ex.Message);
                return 2;
            }
            if (EnvVars.NameInUse(context.Env, "TOKEN") is { } variable)
            {
                context.Ui.Warn(TextWrap.WrapAtLength(
                    $"WARNING! The {variable} environment variable is set and takes precedence over the stored token; unset or update {variable} if that is not what you want.") + "\n");
            }
        }
        else if (!_tokenOnly.Value)
        {
            context.Ui.Warn(TextWrap.WrapAtLength(
                "The token was not saved by the token helper; pass it with each request yourself, for example in VAULT_TOKEN.") + "\n");
        }

        if (_noPrint.Value)
        {
            return 0;
        }
        if (_tokenOnly.Value)
        {
            return printer.Raw(token);
        }
        if (Field.Length > 0)
        {
            return printer.Field(secret, Field);
        }
        if (printer.IsTable && store)
        {
            context.Ui.Output(TextWrap.WrapAtLength(
                "Success! You are now authenticated. The token information displayed below is already stored in the token helper. You do NOT need to run \"vault login\" again. Future Vault requests will automatically use this token.") + "\n");
        }
        return printer.Secret(secret);
    }

    private string ReadToken(CommandContext context, IReadOnlyList<string> args)
    {
        // "coffer login TOKEN [K=V...]" is shorthand for "coffer login token=TOKEN [K=V...]", so every argument is
        // checked (a stray word is an error, not ignored) and a token of "-" is read from standard input.
        IEnumerable<string> pairs = args.Count > 0 && !args[0].Contains('=', StringComparison.Ordinal)
            ? ["token=" + args[0], .. args.Skip(1)]
            : args;
        var token = JsonFields.GetString(KeyValueArgs.Parse(pairs, context.Env.Stdin), "token");
        if (token.Length == 0)
        {
            EnsureInteractive("Refusing to read the token from the terminal with -non-interactive specified; pass the token as an argument.");
            return Prompt.ReadSecret(context, "Token (will be hidden): ") ?? "";
        }
        return token.Trim();
    }

    private static Secret DescribeToken(string token, Secret lookup)
    {
        var data = lookup.Data!;
        var tokenPolicies = JsonFields.GetStringList(data, "policies");
        var identityPolicies = JsonFields.GetStringList(data, "identity_policies");
        var metadataObject = JsonFields.GetObject(data, "meta") ?? JsonFields.GetObject(data, "metadata");
        Dictionary<string, string>? metadata = null;
        if (metadataObject is not null)
        {
            metadata = metadataObject.ToDictionary(p => p.Key, p => GoFormat.Value(p.Value), StringComparer.Ordinal);
        }
        return new Secret
        {
            Auth = new SecretAuth
            {
                ClientToken = token,
                Accessor = JsonFields.GetString(data, "accessor"),
                Policies = [.. tokenPolicies ?? [], .. identityPolicies ?? []],
                TokenPolicies = tokenPolicies,
                IdentityPolicies = identityPolicies,
                Metadata = metadata,
                LeaseDuration = JsonFields.GetInt64(data, "ttl"),
                Renewable = JsonFields.GetBool(data, "renewable"),
                EntityId = JsonFields.GetString(data, "entity_id"),
                Orphan = JsonFields.GetBool(data, "orphan"),
            },
        };
    }
}
