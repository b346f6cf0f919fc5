using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Replication.Tls;

/// <summary>
/// The primary's private replication CA (ECDSA P-256). It signs the primary's server certificate and one
/// client certificate per secondary, and is the only root either side trusts on the replication channel.
/// </summary>
internal sealed class ReplicationCertificateAuthority : IDisposable
{
    private static readonly TimeSpan ClockSkewAllowance = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan CaLifetime = TimeSpan.FromDays(3650);

    private readonly ECDsa _key;

    private ReplicationCertificateAuthority(X509Certificate2 certificate, ECDsa key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The CA certificate, without its private key.</summary>
    public X509Certificate2 Certificate { get; }

    public string CertificatePem => Certificate.ExportCertificatePem();

    public static ReplicationCertificateAuthority Create(string clusterId, DateTimeOffset now)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=Coffer DR replication CA {clusterId}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var selfSigned = request.CreateSelfSigned(now - ClockSkewAllowance, now + CaLifetime);
        var publicOnly = X509CertificateLoader.LoadCertificate(selfSigned.RawData);
        return new ReplicationCertificateAuthority(publicOnly, key);
    }

    public static ReplicationCertificateAuthority Load(string certificatePem, byte[] pkcs8PrivateKey)
    {
        var certificate = X509Certificate2.CreateFromPem(certificatePem);
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(pkcs8PrivateKey, out _);
        return new ReplicationCertificateAuthority(certificate, key);
    }

    public byte[] ExportPrivateKey() => _key.ExportPkcs8PrivateKey();

    /// <summary>The primary's TLS server certificate, with its private key.</summary>
    public X509Certificate2 IssueServerCertificate(IEnumerable<string> hosts, DateTimeOffset now, TimeSpan lifetime)
    {
        var names = new SubjectAlternativeNameBuilder();
        foreach (var host in hosts.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (IPAddress.TryParse(host, out var address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(host);
            }
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Coffer DR replication primary", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(PeerCertificateValidator.ServerAuthOid)], false));
        return Issue(request, key, now, lifetime);
    }

    /// <summary>A secondary's client certificate (CN = its id) and private key, both PEM.</summary>
    public (X509Certificate2 Certificate, string CertificatePem, string KeyPem) IssueClientCertificate(string secondaryId, DateTimeOffset now, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = new X500DistinguishedNameBuilder();
        subject.AddCommonName(secondaryId);
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(PeerCertificateValidator.ClientAuthOid)], false));
        var certificate = Issue(request, key, now, lifetime);
        return (certificate, certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _key.Dispose();
        Certificate.Dispose();
    }

    private X509Certificate2 Issue(CertificateRequest request, ECDsa key, DateTimeOffset now, TimeSpan lifetime)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var notAfter = now + lifetime;
        if (notAfter > Certificate.NotAfter)
        {
            notAfter = Certificate.NotAfter;
        }

        using var signed = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForECDsa(_key), now - ClockSkewAllowance, notAfter, serial);
        using var withKey = signed.CopyWithPrivateKey(key);

        // A PKCS#12 round trip gives a certificate whose key every TLS stack can use, not an ephemeral handle.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
