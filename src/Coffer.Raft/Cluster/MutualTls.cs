using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using DotNext.Net.Security;

namespace Coffer.Raft.Cluster;

/// <summary>
/// Mutual TLS for the Raft port: every node presents its certificate, and accepts a peer only if the peer's
/// certificate chains to one of the trusted certificates. Host names are not checked: peers are identified by
/// the cluster trust, not by DNS (cluster addresses are often bare IPs).
/// </summary>
internal static class MutualTls
{
    public static SslOptions Create(X509Certificate2 certificate, X509Certificate2Collection trusted)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(trusted);
        if (!certificate.HasPrivateKey)
        {
            throw new ArgumentException("The cluster certificate needs its private key.", nameof(certificate));
        }

        if (trusted.Count == 0)
        {
            throw new ArgumentException("Mutual TLS needs at least one trusted certificate.", nameof(trusted));
        }

        var trustCopy = new X509Certificate2Collection(trusted);
        bool Validate(object sender, X509Certificate? presented, X509Chain? chain, SslPolicyErrors errors) =>
            presented is not null && ChainsToTrust(presented, trustCopy);

        return new SslOptions
        {
            ServerOptions = new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ClientCertificateRequired = true,
                RemoteCertificateValidationCallback = Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
            ClientOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [certificate],
                RemoteCertificateValidationCallback = Validate,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            },
        };
    }

    internal static bool ChainsToTrust(X509Certificate presented, X509Certificate2Collection trusted)
    {
        using var leaf = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        return chain.Build(leaf);
    }
}
