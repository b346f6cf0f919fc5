using Coffer.Api;
using Coffer.Api.Http;
using Coffer.Cli.Flags;

namespace Coffer.Cli.Config;

/// <summary>
/// Turns flags, environment variables and the token helper into client options. A flag given on the
/// command line wins over the environment, which wins over the built-in default.
/// </summary>
internal static class ClientSettings
{
    public const string DefaultAddress = "https://127.0.0.1:8200";

    public static CofferClientOptions Resolve(HttpFlags flags, CliEnvironment env)
    {
        var options = new CofferClientOptions
        {
            Address = Pick(flags.Address, env, "ADDR") ?? DefaultAddress,
            CaCertFile = Pick(flags.CaCert, env, "CACERT"),
            CaPath = Pick(flags.CaPath, env, "CAPATH"),
            ClientCertFile = Pick(flags.ClientCert, env, "CLIENT_CERT"),
            ClientKeyFile = Pick(flags.ClientKey, env, "CLIENT_KEY"),
            TlsServerName = Pick(flags.TlsServerName, env, "TLS_SERVER_NAME"),
            TlsSkipVerify = PickBool(flags.TlsSkipVerify, env, "SKIP_VERIFY"),
            WrapTtl = Pick(flags.WrapTtl, env, "WRAP_TTL"),
            Namespace = Pick(flags.Namespace, env, "NAMESPACE"),
            DisableRedirects = PickBool(flags.DisableRedirects, env, "DISABLE_REDIRECTS"),
            Token = ResolveToken(env),
        };
        if (Pick(flags.AgentAddress, env, "AGENT_ADDR") is { } agent)
        {
            options.Address = agent;
        }
        if (EnvVars.Get(env, "CLIENT_TIMEOUT") is { } timeout)
        {
            if (!DurationParser.TryParse(timeout, out var parsed, out _))
            {
                throw new CliException($"could not parse {EnvVars.NameInUse(env, "CLIENT_TIMEOUT")}: {timeout}", 2);
            }
            options.Timeout = parsed;
        }
        if (EnvVars.Get(env, "MAX_RETRIES") is { } retries)
        {
            if (!int.TryParse(retries, out var parsed) || parsed < 0)
            {
                throw new CliException($"could not parse {EnvVars.NameInUse(env, "MAX_RETRIES")}: {retries}", 2);
            }
            options.MaxRetries = parsed;
        }
        foreach (var (name, value) in flags.Headers.Values)
        {
            if (name.StartsWith("X-Vault-", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliException($"Failed to set header {name}: headers starting with X-Vault- are reserved", 1);
            }
            if (HeaderFields.Problem(name, value) is { } problem)
            {
                throw new CliException($"Failed to set header {name}: {problem}", 1);
            }
            options.Headers[name] = value;
        }
        return options;
    }

    /// <summary>The token from COFFER_TOKEN / VAULT_TOKEN, otherwise from the token helper.</summary>
    public static string? ResolveToken(CliEnvironment env) =>
        EnvVars.Get(env, "TOKEN") ?? new TokenHelper(env.HomeDirectory).Get();

    private static string? Pick(StringFlag flag, CliEnvironment env, string suffix) =>
        flag.IsSet ? NullIfEmpty(flag.Value) : EnvVars.Get(env, suffix);

    private static bool PickBool(BoolFlag flag, CliEnvironment env, string suffix)
    {
        if (flag.IsSet)
        {
            return flag.Value;
        }
        var text = EnvVars.Get(env, suffix);
        if (text is null)
        {
            return flag.Value;
        }
        if (!GoBool.TryParse(text, out var value))
        {
            throw new CliException($"could not parse {EnvVars.NameInUse(env, suffix)}", 2);
        }
        return value;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
