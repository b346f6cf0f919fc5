using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coffer.Core;
using Coffer.Core.Seal;
using Coffer.Sdk.Physical;
using Coffer.Server.Hosting;
using Coffer.Testing.Servers;

namespace Coffer.Server.Tests.Replication;

/// <summary>
/// A secondary unwraps its activation token at a primary whose API is HTTPS with a private CA: refused without
/// <c>ca_file</c>/<c>ca_path</c>, accepted with either.
/// </summary>
public sealed class ActivationTlsTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("coffer-dr-tls-").FullName;
    private CofferServer _primary = null!;
    private string _primaryRoot = string.Empty;
    private TestServer _secondary = null!;

    private string CertFile => Path.Combine(_directory, "ca", "primary.pem");

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "ca"));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        var keyFile = Path.Combine(_directory, "primary-key.pem");
        await File.WriteAllTextAsync(CertFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

        _primary = await CofferServer.StartAsync(
            new CofferServerOptions(
                [new ListenerOptions("127.0.0.1:0") { TlsCertFile = CertFile, TlsKeyFile = keyFile }],
                new InMemoryBackend(),
                BuiltinEngines.Configure(new CoreOptions()))
            {
                LogLevel = Microsoft.Extensions.Logging.LogLevel.Warning,
            },
            CancellationToken.None);
        var init = await _primary.Core.InitializeAsync(new SealConfig(1, 1), null, CancellationToken.None);
        _primaryRoot = init.RootToken;
        await _primary.Core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), CancellationToken.None);
        _secondary = await TestServer.StartUnsealedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _secondary.DisposeAsync();
        await _primary.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task EnableSecondary_PrimaryApiWithPrivateCa_NeedsCaFileOrCaPath()
    {
        await PrimaryAsync("sys/replication/dr/primary/enable", new JsonObject());
        var activation = (string)(await PrimaryAsync("sys/replication/dr/primary/secondary-token", new JsonObject { ["id"] = "dr-tls" }))["wrap_info"]!["token"]!;
        var address = _primary.Addresses[0];
        Assert.StartsWith("https://", address);

        var (untrusted, error) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new { token = activation, primary_api_addr = address });
        Assert.Equal(400, untrusted);
        Assert.StartsWith("error unwrapping secondary token at " + address, (string?)error!["errors"]![0]);
        Assert.Equal("disabled", await SecondaryModeAsync());

        // The TLS handshake failed before the token was sent, so it is still unused.
        var (status, body) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new
        {
            token = activation, primary_api_addr = address, ca_path = Path.GetDirectoryName(CertFile),
        });
        Assert.True(status == 200, body?.ToJsonString());
        Assert.Equal("secondary", await SecondaryModeAsync());
    }

    [Fact]
    public async Task EnableSecondary_CaFileNamesNoCertificate_IsRefused()
    {
        var empty = Path.Combine(_directory, "empty.pem");
        await File.WriteAllTextAsync(empty, "not a certificate");
        var (status, body) = await _secondary.JsonAsync(HttpMethod.Post, "sys/replication/dr/secondary/enable", new
        {
            token = "hvs.unused", primary_api_addr = _primary.Addresses[0], ca_file = empty,
        });
        Assert.Equal(400, status);
        Assert.Contains("no PEM certificate", (string?)body!["errors"]![0]);
    }

    private async Task<JsonObject> PrimaryAsync(string path, JsonObject body)
    {
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Post, _primary.Addresses[0] + "/v1/" + path) { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Add("X-Vault-Token", _primaryRoot);
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<string?> SecondaryModeAsync()
    {
        var (_, body) = await _secondary.JsonAsync(HttpMethod.Get, "sys/replication/dr/status", token: "");
        return (string?)body!["data"]!["mode"];
    }
}
