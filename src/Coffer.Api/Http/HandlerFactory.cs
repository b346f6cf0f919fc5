using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Coffer.Api.Http;

/// <summary>Creates the HTTP handler carrying the TLS settings of a client.</summary>
internal static class HandlerFactory
{
    public static SocketsHttpHandler Create(CofferClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = !options.DisableRedirects,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        if (!string.IsNullOrEmpty(options.TlsServerName))
        {
            handler.SslOptions.TargetHost = options.TlsServerName;
        }
        if (!string.IsNullOrEmpty(options.ClientCertFile) || !string.IsNullOrEmpty(options.ClientKeyFile))
        {
            handler.SslOptions.ClientCertificates = [LoadClientCertificate(options)];
        }

        if (options.TlsSkipVerify)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
            return handler;
        }
        var roots = LoadTrustedRoots(options);
        if (roots is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                ValidateAgainst(roots, certificate, chain, errors);
        }
        return handler;
    }

    private static X509Certificate2 LoadClientCertificate(CofferClientOptions options)
    {
        if (string.IsNullOrEmpty(options.ClientCertFile) || string.IsNullOrEmpty(options.ClientKeyFile))
        {
            throw new InvalidOperationException("both a client certificate and a client key are required for mutual TLS");
        }
        using var pem = X509Certificate2.CreateFromPemFile(options.ClientCertFile, options.ClientKeyFile);
        // Round-trip through PKCS#12 so the private key is usable by SslStream on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private static X509Certificate2Collection? LoadTrustedRoots(CofferClientOptions options)
    {
        var roots = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(options.CaCertFile))
        {
            roots.ImportFromPemFile(options.CaCertFile);
        }
        else if (!string.IsNullOrEmpty(options.CaPath))
        {
            foreach (var file in Directory.EnumerateFiles(options.CaPath).Order(StringComparer.Ordinal))
            {
                roots.ImportFromPemFile(file);
            }
        }
        else
        {
            return null;
        }
        if (roots.Count == 0)
        {
            throw new InvalidOperationException("no CA certificates were found in the configured CA file or directory");
        }
        return roots;
    }

    private static bool ValidateAgainst(X509Certificate2Collection roots, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }
}
