namespace Coffer.Cli.Flags;

/// <summary>Connection flags shared by every command that talks to a server.</summary>
internal sealed class HttpFlags
{
    public HttpFlags(FlagSet flags)
    {
        var s = flags.Section("HTTP Options");
        Address = s.String("address", "",
            "Address of the server. The default is https://127.0.0.1:8200. This can also be specified via the VAULT_ADDR or COFFER_ADDR environment variable.");
        AgentAddress = s.String("agent-address", "",
            "Address of an agent in front of the server; when set it is used instead of -address. This can also be specified via the VAULT_AGENT_ADDR or COFFER_AGENT_ADDR environment variable.");
        CaCert = s.String("ca-cert", "",
            "Path on the local disk to a single PEM-encoded CA certificate to verify the server's TLS certificate. This takes precedence over -ca-path. This can also be specified via the VAULT_CACERT or COFFER_CACERT environment variable.");
        CaPath = s.String("ca-path", "",
            "Path on the local disk to a directory of PEM-encoded CA certificates to verify the server's TLS certificate. This can also be specified via the VAULT_CAPATH or COFFER_CAPATH environment variable.");
        ClientCert = s.String("client-cert", "",
            "Path on the local disk to a single PEM-encoded client certificate for TLS authentication to the server. If this flag is specified, -client-key is also required. This can also be specified via the VAULT_CLIENT_CERT or COFFER_CLIENT_CERT environment variable.");
        ClientKey = s.String("client-key", "",
            "Path on the local disk to a single PEM-encoded private key matching the client certificate from -client-cert. This can also be specified via the VAULT_CLIENT_KEY or COFFER_CLIENT_KEY environment variable.");
        TlsServerName = s.String("tls-server-name", "",
            "Name to use as the SNI host when connecting to the server via TLS. This can also be specified via the VAULT_TLS_SERVER_NAME or COFFER_TLS_SERVER_NAME environment variable.");
        TlsSkipVerify = s.Bool("tls-skip-verify", false,
            "Disable verification of TLS certificates. Using this option is highly discouraged as it decreases the security of data transmissions to and from the server. This can also be specified via the VAULT_SKIP_VERIFY or COFFER_SKIP_VERIFY environment variable.");
        WrapTtl = s.String("wrap-ttl", "",
            "Wraps the response in a cubbyhole token with the requested TTL. The response is available via the \"coffer unwrap\" command. The TTL is specified as a numeric string with suffix like \"30s\" or \"5m\". This can also be specified via the VAULT_WRAP_TTL or COFFER_WRAP_TTL environment variable.");
        Namespace = s.String("namespace", "",
            "The namespace to use for the command, sent as X-Vault-Namespace. This can also be specified via the VAULT_NAMESPACE or COFFER_NAMESPACE environment variable.", "ns");
        Headers = s.KeyValues("header",
            "Key-value pair provided as key=value to provide http header added to any request done by the CLI. Trying to add headers starting with 'X-Vault-' is forbidden and will make the command fail. This can be specified multiple times.");
        DisableRedirects = s.Bool("disable-redirects", false,
            "Disable the default client behavior, which honors a single redirect response from a request. This can also be specified via the VAULT_DISABLE_REDIRECTS or COFFER_DISABLE_REDIRECTS environment variable.");
        NonInteractive = s.Bool("non-interactive", false,
            "When set true, prevents asking the user for input via the terminal.");
    }

    public StringFlag Address { get; }
    public StringFlag AgentAddress { get; }
    public StringFlag CaCert { get; }
    public StringFlag CaPath { get; }
    public StringFlag ClientCert { get; }
    public StringFlag ClientKey { get; }
    public StringFlag TlsServerName { get; }
    public BoolFlag TlsSkipVerify { get; }
    public StringFlag WrapTtl { get; }
    public StringFlag Namespace { get; }
    public KeyValueFlag Headers { get; }
    public BoolFlag DisableRedirects { get; }
    public BoolFlag NonInteractive { get; }
}
