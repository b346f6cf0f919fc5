using System.Text.Json.Nodes;

namespace Coffer.Api.Logical;

/// <summary>
/// Generic reads and writes on any path, with the Go client's 404 rules: a read or list that finds
/// nothing returns null instead of throwing, unless the 404 carries data or warnings worth showing.
/// </summary>
public sealed class LogicalApi
{
    private readonly CofferClient _client;

    internal LogicalApi(CofferClient client) => _client = client;

    public async Task<Secret?> ReadAsync(string path, IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancellationToken = default)
    {
        var response = await _client.SendRawAsync(HttpMethod.Get, path, null, null, query, cancellationToken).ConfigureAwait(false);
        return ParseTolerating404(response, notFoundIsError: false);
    }

    /// <summary>The raw answer of a read; null on 404.</summary>
    public async Task<RawResponse?> ReadRawAsync(string path, IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancellationToken = default)
    {
        var response = await _client.SendRawAsync(HttpMethod.Get, path, null, null, query, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == 404)
        {
            return null;
        }
        CofferClient.EnsureSuccess(response);
        return response;
    }

    /// <summary>Lists keys under a path with <c>GET ?list=true</c>.</summary>
    public async Task<Secret?> ListAsync(string path, CancellationToken cancellationToken = default)
    {
        var query = new[] { new KeyValuePair<string, string>("list", "true") };
        var response = await _client.SendRawAsync(HttpMethod.Get, path, null, null, query, cancellationToken).ConfigureAwait(false);
        return ParseTolerating404(response, notFoundIsError: false);
    }

    public async Task<Secret?> WriteAsync(string path, JsonObject? data, CancellationToken cancellationToken = default)
    {
        var response = await _client.SendJsonBodyAsync(HttpMethod.Put, path, data, null, cancellationToken).ConfigureAwait(false);
        return ParseTolerating404(response, notFoundIsError: true);
    }

    /// <summary>JSON merge patch (<c>application/merge-patch+json</c>), used by KV v2.</summary>
    public async Task<Secret?> PatchAsync(string path, JsonObject data, CancellationToken cancellationToken = default)
    {
        var response = await _client.SendJsonBodyAsync(HttpMethod.Patch, path, data, null, cancellationToken, "application/merge-patch+json").ConfigureAwait(false);
        return ParseTolerating404(response, notFoundIsError: true);
    }

    public async Task<Secret?> DeleteAsync(string path, IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancellationToken = default)
    {
        var response = await _client.SendRawAsync(HttpMethod.Delete, path, null, null, query, cancellationToken).ConfigureAwait(false);
        return ParseTolerating404(response, notFoundIsError: true);
    }

    /// <summary>
    /// Unwraps a response-wrapping token. With no token (or the client's own token) the client token
    /// itself is the wrapping token and no body is sent.
    /// </summary>
    public async Task<Secret?> UnwrapAsync(string? wrappingToken, CancellationToken cancellationToken = default)
    {
        JsonObject? body = null;
        if (!string.IsNullOrEmpty(wrappingToken) && wrappingToken != _client.Token)
        {
            body = new JsonObject { ["token"] = wrappingToken };
        }
        var response = await _client.SendJsonBodyAsync(HttpMethod.Put, "sys/wrapping/unwrap", body, null, cancellationToken).ConfigureAwait(false);
        return ParseTolerating404(response, notFoundIsError: false);
    }

    private static Secret? ParseTolerating404(RawResponse response, bool notFoundIsError)
    {
        if (response.StatusCode == 404)
        {
            Secret? secret;
            try
            {
                secret = Secret.Parse(response.BodyText);
            }
            catch (System.Text.Json.JsonException)
            {
                secret = null;
            }
            if (secret is not null && (secret.Warnings is { Count: > 0 } || secret.Data is { Count: > 0 }))
            {
                return secret;
            }
            if (!notFoundIsError)
            {
                return null;
            }
        }
        CofferClient.EnsureSuccess(response);
        return CofferClient.ParseSecret(response);
    }
}
