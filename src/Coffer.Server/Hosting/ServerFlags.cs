namespace Coffer.Server.Hosting;

/// <summary>The flags of <c>coffer server</c>, in Go-flag syntax (<c>-flag=value</c>, <c>-flag value</c>, <c>--flag</c>).</summary>
public sealed record ServerFlags
{
    public bool Dev { get; init; }

    public string? DevRootTokenId { get; init; }

    public string DevListenAddress { get; init; } = "127.0.0.1:8200";

    public bool DevNoStoreToken { get; init; }

    public bool DevKvV1 { get; init; }

    public IReadOnlyList<string> ConfigPaths { get; init; } = [];

    public string? LogLevel { get; init; }

    private static readonly HashSet<string> BoolFlags = ["dev", "dev-no-store-token", "dev-kv-v1"];

    /// <summary>Parses the flags; environment variables supply what flags do not (VAULT_DEV_ROOT_TOKEN_ID, ...).</summary>
    public static ServerFlags Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var flags = new ServerFlags
        {
            DevRootTokenId = Env(environment, "DEV_ROOT_TOKEN_ID"),
            DevListenAddress = Env(environment, "DEV_LISTEN_ADDRESS") ?? "127.0.0.1:8200",
            LogLevel = Env(environment, "LOG_LEVEL"),
        };
        var configs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-")
            {
                throw new ArgumentException($"unexpected argument \"{arg}\"");
            }

            var body = arg.TrimStart('-');
            string name;
            string? value = null;
            var eq = body.IndexOf('=', StringComparison.Ordinal);
            if (eq >= 0)
            {
                name = body[..eq];
                value = body[(eq + 1)..];
            }
            else
            {
                name = body;
            }

            if (BoolFlags.Contains(name))
            {
                var on = value is null || value is "true" or "1" or "t" or "TRUE" or "True";
                flags = name switch
                {
                    "dev" => flags with { Dev = on },
                    "dev-no-store-token" => flags with { DevNoStoreToken = on },
                    _ => flags with { DevKvV1 = on },
                };
                continue;
            }

            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"flag needs an argument: -{name}");
                }

                value = args[++i];
            }

            switch (name)
            {
                case "dev-root-token-id":
                    flags = flags with { DevRootTokenId = value };
                    break;
                case "dev-listen-address":
                    flags = flags with { DevListenAddress = value };
                    break;
                case "config":
                    configs.Add(value);
                    break;
                case "log-level":
                    flags = flags with { LogLevel = value };
                    break;
                default:
                    throw new ArgumentException($"flag provided but not defined: -{name}");
            }
        }

        return flags with { ConfigPaths = configs };
    }

    /// <summary>COFFER_* wins over VAULT_* so a Coffer-specific setting can override a shared environment.</summary>
    private static string? Env(Func<string, string?> environment, string suffix) =>
        NonEmpty(environment("COFFER_" + suffix)) ?? NonEmpty(environment("VAULT_" + suffix));

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
