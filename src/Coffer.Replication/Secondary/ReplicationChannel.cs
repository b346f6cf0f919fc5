using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Coffer.Replication.Tls;
using Grpc.Net.Client;

namespace Coffer.Replication.Secondary;

/// <summary>
/// The secondary's gRPC channel to its primary: HTTP/2 over TLS 1.3, presenting the bundle's client certificate
/// and trusting only a server certificate issued by the bundle's CA for the server role.
/// </summary>
internal static class ReplicationChannel
{
    private const int MaxReceiveMessageBytes = 256 * 1024 * 1024;

    public static GrpcChannel Create(ActivationBundle bundle, X509Certificate2 authority, X509Certificate2 clientCertificate, TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            KeepAlivePingDelay = TimeSpan.FromSeconds(15),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
            EnableMultipleHttp2Connections = true,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificates = [clientCertificate],
                LocalCertificateSelectionCallback = (_, _, _, _, _) => clientCertificate,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is X509Certificate2 server && PeerCertificateValidator.IsIssuedBy(server, authority, PeerCertificateValidator.ServerAuthOid),
            },
        };

        return GrpcChannel.ForAddress(bundle.PrimaryClusterAddress, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveMessageBytes,
        });
    }

    public static X509Certificate2 LoadClientCertificate(ActivationBundle bundle)
    {
        using var fromPem = X509Certificate2.CreateFromPem(bundle.ClientCertificatePem, bundle.ClientKeyPem);

        // A PKCS#12 round trip gives a key the TLS stack can use on every platform.
        return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
    }
}
