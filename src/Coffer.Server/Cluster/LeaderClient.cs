using System.Net.Http.Json;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Cluster;

/// <summary>Calls a leader's API during the join handshake, with the TLS settings of the join request.</summary>
internal sealed class LeaderClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly JoinTarget _target;

    public LeaderClient(JoinTarget target, TimeSpan timeout)
    {
        _target = target;
        try
        {
            _http = new HttpClient(CreateHandler(target)) { Timeout = timeout, BaseAddress = new Uri(target.LeaderApiAddress.TrimEnd('/') + "/v1/") };
        }
        catch (CryptographicException e)
        {
            throw CofferException.BadRequest($"the leader's TLS settings cannot be used: {e.Message}");
        }
    }

    private static SocketsHttpHandler CreateHandler(JoinTarget target)
    {
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
        if (target.CaCertificatePem is { Length: > 0 } caPem)
        {
            var authority = X509Certificate2.CreateFromPem(caPem);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                certificate is not null && ChainsTo(certificate, authority)
                && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) == 0;
        }

        if (target.ClientCertificatePem is { Length: > 0 } certificatePem)
        {
            using var loaded = X509Certificate2.CreateFromPem(certificatePem, target.ClientKeyPem);
            handler.SslOptions.ClientCertificates = [ClusterCertificates.Reload(loaded)];
        }

        if (target.TlsServerName is { Length: > 0 } serverName)
        {
            handler.SslOptions.TargetHost = serverName;
        }

        return handler;
    }

    /// <summary>POSTs <paramref name="body"/> and returns the envelope's <c>data</c>; a failure names the leader and its answer.</summary>
    public async Task<JsonObject> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync(path, body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new CofferException(ErrorKind.Unavailable, $"could not reach the leader at {_target.LeaderApiAddress}: {e.Message}");
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            JsonObject? json = null;
            try
            {
                json = JsonNode.Parse(text) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                // Reported below with the status code.
            }

            if (!response.IsSuccessStatusCode)
            {
                var errors = json?["errors"] is JsonArray list ? string.Join("; ", list.Select(e => e?.ToString())) : $"HTTP {(int)response.StatusCode}";
                var kind = (int)response.StatusCode is >= 400 and < 500 ? ErrorKind.InvalidRequest : ErrorKind.Unavailable;
                throw new CofferException(kind, $"the leader at {_target.LeaderApiAddress} refused: {errors}");
            }

            return json?["data"] as JsonObject
                ?? throw new CofferException(ErrorKind.Unavailable, $"the leader at {_target.LeaderApiAddress} sent an answer without data");
        }
    }

    public void Dispose() => _http.Dispose();

    private static bool ChainsTo(X509Certificate presented, X509Certificate2 authority)
    {
        using var leaf = new X509Certificate2(presented);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }
}
