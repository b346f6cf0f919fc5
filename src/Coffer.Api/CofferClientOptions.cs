namespace Coffer.Api;

/// <summary>
/// Settings of a <see cref="CofferClient"/>. The CLI fills them from flags and environment variables;
/// library users set them directly.
/// </summary>
public sealed class CofferClientOptions
{
    /// <summary>Base address of the server, for example <c>https://127.0.0.1:8200</c>.</summary>
    public string Address { get; set; } = "https://127.0.0.1:8200";

    /// <summary>Client token sent as <c>X-Vault-Token</c>; nothing is sent when null or empty.</summary>
    public string? Token { get; set; }

    /// <summary>PEM file holding the CA certificate(s) that must have signed the server certificate.</summary>
    public string? CaCertFile { get; set; }

    /// <summary>Directory of PEM files trusted as CAs; ignored when <see cref="CaCertFile"/> is set.</summary>
    public string? CaPath { get; set; }

    /// <summary>PEM client certificate for mutual TLS (needs <see cref="ClientKeyFile"/>).</summary>
    public string? ClientCertFile { get; set; }

    /// <summary>PEM private key matching <see cref="ClientCertFile"/>.</summary>
    public string? ClientKeyFile { get; set; }

    /// <summary>Name expected in the server certificate (SNI) when it differs from the address host.</summary>
    public string? TlsServerName { get; set; }

    /// <summary>Skip server certificate verification entirely (test setups only).</summary>
    public bool TlsSkipVerify { get; set; }

    /// <summary>Per-attempt timeout of a request.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How many times a request is retried after a 412, a 5xx other than 501, or a connection failure.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Delay before the first retry; it doubles for every further retry.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>When set, sent as <c>X-Vault-Wrap-TTL</c> so the server wraps the response.</summary>
    public string? WrapTtl { get; set; }

    /// <summary>When set, sent as <c>X-Vault-Namespace</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>Do not follow HTTP redirects (a standby answering 307).</summary>
    public bool DisableRedirects { get; set; }

    /// <summary>Extra headers added to every request.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
