using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Coffer.Server.Cluster;

/// <summary>
/// The cluster's own certificate authority for Raft's mutual TLS. The bootstrap node creates it; its key is kept
/// under the barrier (Core stores the issuer) so that whichever node is active can issue a certificate to a node
/// that proved it holds the unseal keys. Peers accept any certificate issued by the authority.
/// </summary>
internal static class ClusterCertificates
{
    private static readonly TimeSpan AuthorityLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan NodeLifetime = TimeSpan.FromDays(3650);
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);

    /// <summary>A new authority (ECDSA P-256) with its private key.</summary>
    public static X509Certificate2 CreateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Coffer integrated storage CA", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var created = request.CreateSelfSigned(now - ClockSkewAllowance, now + AuthorityLifetime);
        return Reload(created);
    }

    /// <summary>Issues a certificate for <paramref name="nodeId"/>, usable as TLS server and client.</summary>
    public static NodeCredentials IssueNode(X509Certificate2 authority, string nodeId)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(CommonName(nodeId), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now + NodeLifetime < authority.NotAfter ? now + NodeLifetime : new DateTimeOffset(authority.NotAfter);
        using var certificate = request.Create(authority, now - ClockSkewAllowance, notAfter, RandomNumberGenerator.GetBytes(16));
        return new NodeCredentials(authority.ExportCertificatePem(), certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The authority with its key as PEM text (the bytes Core keeps under the barrier).</summary>
    public static byte[] ExportIssuer(X509Certificate2 authority)
    {
        using var key = authority.GetECDsaPrivateKey() ?? throw new ArgumentException("The authority needs its private key.", nameof(authority));
        return Encoding.UTF8.GetBytes(authority.ExportCertificatePem() + "\n" + key.ExportPkcs8PrivateKeyPem());
    }

    /// <exception cref="CryptographicException">The bytes are not an issuer from <see cref="ExportIssuer"/>.</exception>
    public static X509Certificate2 ImportIssuer(ReadOnlySpan<byte> issuer)
    {
        var pem = Encoding.UTF8.GetString(issuer);
        using var loaded = X509Certificate2.CreateFromPem(pem, pem);
        return Reload(loaded);
    }

    /// <summary>Round-trips through PKCS#12 so that the private key is usable by SslStream on every platform.</summary>
    internal static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null);

    /// <summary>The node id as a subject name, escaped by the builder (node ids are free text).</summary>
    private static X500DistinguishedName CommonName(string nodeId)
    {
        var builder = new X500DistinguishedNameBuilder();
        builder.AddCommonName(nodeId);
        return builder.Build();
    }
}
