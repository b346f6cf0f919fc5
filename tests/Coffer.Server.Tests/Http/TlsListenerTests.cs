using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Sdk.Physical;
using Coffer.Server.Hosting;

namespace Coffer.Server.Tests.Http;

/// <summary>A listener with <c>tls_cert_file</c>/<c>tls_key_file</c> serves HTTPS with the given certificate.</summary>
public sealed class TlsListenerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-tls-").FullName;

    [Fact]
    public async Task TlsListener_ServesHttps_WithTheConfiguredCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var certFile = Path.Combine(_directory, "cert.pem");
        var keyFile = Path.Combine(_directory, "key.pem");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

        await using var server = await CofferServer.StartAsync(
            new CofferServerOptions(
                [new ListenerOptions("127.0.0.1:0") { TlsCertFile = certFile, TlsKeyFile = keyFile }],
                new InMemoryBackend(),
                new CoreOptions()),
            CancellationToken.None);

        var thumbprint = certificate.Thumbprint;
        using var handler = new HttpClientHandler
        {
            // Trust exactly this certificate, as VAULT_CACERT pointing at it would.
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == thumbprint,
        };
        using var http = new HttpClient(handler);
        var address = server.Addresses[0];
        Assert.StartsWith("https://", address);
        var body = await http.GetFromJsonAsync<JsonObject>(address + "/v1/sys/seal-status");
        Assert.False((bool)body!["initialized"]!);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
