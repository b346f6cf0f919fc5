using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Replication.Tls;

/// <summary>
/// Checks a peer certificate against the replication CA alone (no system roots), and its role: a secondary's
/// client certificate cannot pass as the primary's server certificate, nor the reverse.
/// </summary>
internal static class PeerCertificateValidator
{
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    public static bool IsIssuedBy(X509Certificate2? leaf, X509Certificate2 authority, string requiredUsageOid)
    {
        if (leaf is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(requiredUsageOid));
        if (!chain.Build(leaf))
        {
            return false;
        }

        // Build succeeds only when the chain ends at a trusted root; make sure that root is our CA itself.
        var root = chain.ChainElements[^1].Certificate;
        return chain.ChainElements.Count == 2 && root.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span);
    }

    public static string Fingerprint(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(SHA256.HashData(certificate.RawDataMemory.Span));
}
