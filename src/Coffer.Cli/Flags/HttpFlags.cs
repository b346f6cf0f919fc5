namespace Coffer.Cli.Flags;

/// <summary>Connection flags shared by every command that talks to a server.</summary>
internal sealed class HttpFlags
{
    public HttpFlags(FlagSet flags)
    {
        var s = flags.Section("HTTP Options");
        Address = s.String("address", "",
            "Server URL (default https://127.0.0.1:8200). Environment: COFFER_ADDR or VAULT_ADDR.");
        AgentAddress = s.String("agent-address", "",
            "URL of an agent to send requests through instead of -address. Environment: COFFER_AGENT_ADDR or VAULT_AGENT_ADDR.");
        CaCert = s.String("ca-cert", "",
            "PEM file of the CA certificate(s) the server certificate must chain to; wins over -ca-path. Environment: COFFER_CACERT or VAULT_CACERT.");
        CaPath = s.String("ca-path", "",
            "Directory of PEM CA certificates the server certificate must chain to. Environment: COFFER_CAPATH or VAULT_CAPATH.");
        ClientCert = s.String("client-cert", "",
            "PEM client certificate for mutual TLS; needs -client-key. Environment: COFFER_CLIENT_CERT or VAULT_CLIENT_CERT.");
        ClientKey = s.String("client-key", "",
            "PEM private key of -client-cert. Environment: COFFER_CLIENT_KEY or VAULT_CLIENT_KEY.");
        TlsServerName = s.String("tls-server-name", "",
            "Host name to expect in the server certificate (and send as SNI) when it differs from the address. Environment: COFFER_TLS_SERVER_NAME or VAULT_TLS_SERVER_NAME.");
        TlsSkipVerify = s.Bool("tls-skip-verify", false,
            "Do not verify the server certificate at all. Only for throwaway test setups. Environment: COFFER_SKIP_VERIFY or VAULT_SKIP_VERIFY.");
        WrapTtl = s.String("wrap-ttl", "",
            "Ask the server to wrap the response in a single-use token valid this long (\"30s\", \"5m\"); open it with \"coffer unwrap\". Environment: COFFER_WRAP_TTL or VAULT_WRAP_TTL.");
        Namespace = s.String("namespace", "",
            "Namespace sent as X-Vault-Namespace. Environment: COFFER_NAMESPACE or VAULT_NAMESPACE.", "ns");
        Headers = s.KeyValues("header",
            "Extra request header as name=value; repeat for more. Names starting with X-Vault- are refused.");
        DisableRedirects = s.Bool("disable-redirects", false,
            "Do not follow redirects (a standby pointing at the active node). Environment: COFFER_DISABLE_REDIRECTS or VAULT_DISABLE_REDIRECTS.");
        NonInteractive = s.Bool("non-interactive", false,
            "Never prompt; fail instead when input would be needed.");
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
