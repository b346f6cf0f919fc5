using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Replication;
using Coffer.Replication;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Replication;

/// <summary>
/// The secondary's half of activation: unwraps the activation token at the primary's API
/// (<c>PUT sys/wrapping/unwrap</c> with the token as <c>X-Vault-Token</c>), trusting the primary's TLS certificate
/// through <c>ca_file</c>/<c>ca_path</c> (else the system roots), and checks the bundle inside.
/// </summary>
internal static class ActivationClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<DrActivation> UnwrapAsync(DrActivationRequest request, CancellationToken cancellationToken)
    {
        var address = request.PrimaryApiAddress.Trim().TrimEnd('/');
        if (address.Length == 0)
        {
            throw CofferException.BadRequest(
                "primary_api_addr is required: activation tokens are ordinary wrapping tokens and carry no address of the primary");
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw CofferException.BadRequest("primary_api_addr must be an http:// or https:// URL");
        }

        using var client = CreateClient(request);
        using var message = new HttpRequestMessage(HttpMethod.Put, address + "/v1/sys/wrapping/unwrap")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        };
        message.Headers.Add("X-Vault-Token", request.Token);
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        JsonObject body;
        try
        {
            using var response = await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw CofferException.BadRequest(
                    $"error response unwrapping secondary token; status code is {(int)response.StatusCode}{ErrorsOf(text)}");
            }

            body = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (HttpRequestException e)
        {
            throw CofferException.BadRequest($"error unwrapping secondary token at {address}: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw CofferException.BadRequest($"error unwrapping secondary token at {address}: no answer within {Timeout.TotalSeconds:0} seconds");
        }
        catch (JsonException)
        {
            throw CofferException.BadRequest($"error unwrapping secondary token at {address}: the answer is not JSON");
        }

        if (body["data"] is not JsonObject data)
        {
            throw CofferException.BadRequest("the unwrapped token is not a DR activation token");
        }

        return ActivationOf(data, address);
    }

    /// <summary>The activation in an activation token's <c>data</c>, with its bundle checked.</summary>
    public static DrActivation ActivationOf(JsonObject data, string address)
    {
        if (data[ActivationFields.Bundle] is not JsonValue bundleValue
            || !bundleValue.TryGetValue<string>(out var bundleJson))
        {
            throw CofferException.BadRequest("the unwrapped token is not a DR activation token");
        }

        ActivationBundle bundle;
        try
        {
            bundle = ActivationBundle.FromJson(bundleJson);
        }
        catch (FormatException e)
        {
            throw CofferException.BadRequest("the activation token holds an unusable bundle: " + e.Message);
        }

        return new DrActivation(bundleJson, bundle.SecondaryId, bundle.ClusterId, bundle.PrimaryClusterAddress, address);
    }

    private static string ErrorsOf(string text)
    {
        try
        {
            return JsonNode.Parse(text)?["errors"] is JsonArray { Count: > 0 } errors
                ? ": " + string.Join("; ", errors.Select(e => e?.GetValue<string>()))
                : string.Empty;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return string.Empty;
        }
    }

    private static HttpClient CreateClient(DrActivationRequest request)
    {
        var roots = TrustedRoots(request.CaFile, request.CaPath);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(10),
            SslOptions = new SslClientAuthenticationOptions { EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13 },
        };
        if (roots is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is X509Certificate2 server && IsTrusted(server, errors, roots);
        }

        if (ClientCertificate(request) is { } clientCertificate)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        return new HttpClient(handler, disposeHandler: true) { Timeout = Timeout };
    }

    /// <summary>Only the name check of the default validation is kept; the chain must end in one of <paramref name="roots"/>.</summary>
    private static bool IsTrusted(X509Certificate2 server, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if ((errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        return chain.Build(server);
    }

    private static X509Certificate2Collection? TrustedRoots(string caFile, string caPath)
    {
        if (caFile.Length == 0 && caPath.Length == 0)
        {
            return null;
        }

        var roots = new X509Certificate2Collection();
        try
        {
            if (caFile.Length > 0)
            {
                roots.ImportFromPemFile(caFile);
            }

            if (caPath.Length > 0)
            {
                foreach (var file in Directory.EnumerateFiles(caPath).Order(StringComparer.Ordinal))
                {
                    roots.ImportFromPemFile(file);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw CofferException.BadRequest($"error loading the CA certificates for the primary's API: {e.Message}");
        }

        return roots.Count > 0 ? roots : throw CofferException.BadRequest("ca_file/ca_path hold no PEM certificate");
    }

    private static X509Certificate2? ClientCertificate(DrActivationRequest request)
    {
        if (request.ClientCertificatePem.Length == 0 && request.ClientKeyPem.Length == 0)
        {
            return null;
        }

        try
        {
            using var fromPem = X509Certificate2.CreateFromPem(request.ClientCertificatePem, request.ClientKeyPem);

            // A PKCS#12 round trip gives a key the TLS stack can use on every platform.
            return X509CertificateLoader.LoadPkcs12(fromPem.Export(X509ContentType.Pkcs12), null);
        }
        catch (CryptographicException)
        {
            // The message could quote the key material; say only what is wrong.
            throw CofferException.BadRequest("client_cert_pem and client_key_pem must be a PEM certificate and its PEM private key");
        }
    }
}
