using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Api.Http;
using Coffer.Api.Logical;
using Coffer.Api.Sys;

namespace Coffer.Api;

/// <summary>
/// Typed HTTP client of the Coffer (and Vault) API. Every request carries <c>X-Vault-Request: true</c>,
/// the token as <c>X-Vault-Token</c>, and optionally <c>X-Vault-Wrap-TTL</c>; failed requests are retried
/// on 412, on 5xx other than 501 and on connection failures, like the Go client.
/// </summary>
public sealed class CofferClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _baseAddress;
    private readonly CofferClientOptions _options;

    public CofferClient(CofferClientOptions options)
        : this(options, null)
    {
    }

    /// <param name="options">Connection settings; copied where they can change per request.</param>
    /// <param name="handler">Replaces the TLS-aware default handler (tests); the client disposes it.</param>
    public CofferClient(CofferClientOptions options, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _baseAddress = ParseAddress(options.Address);
        Token = options.Token;
        WrapTtl = options.WrapTtl;
        _http = new HttpClient(handler ?? HandlerFactory.Create(options), disposeHandler: true)
        {
            Timeout = options.Timeout > TimeSpan.Zero ? options.Timeout : Timeout.InfiniteTimeSpan,
        };
        Sys = new SysApi(this);
        Logical = new LogicalApi(this);
    }

    /// <summary>The server address as configured (without a trailing slash).</summary>
    public string Address => _options.Address.TrimEnd('/');

    public string? Token { get; set; }

    /// <summary>When non-empty, every request asks the server to wrap its response for this TTL.</summary>
    public string? WrapTtl { get; set; }

    public SysApi Sys { get; }

    public LogicalApi Logical { get; }

    /// <summary>Sends a request with a JSON body and parses the answer as an envelope. Throws <see cref="ApiException"/> on status ≥ 400.</summary>
    /// <returns>The parsed secret, or null when the server answered without a body (204).</returns>
    public async Task<Secret?> SendAsync(HttpMethod method, string path, JsonObject? body = null,
        IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancellationToken = default)
    {
        var response = await SendJsonBodyAsync(method, path, body, query, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response);
        return ParseSecret(response);
    }

    /// <summary>For raw (non-envelope) endpoints: returns the JSON object the server sent, or null for an empty body.</summary>
    public async Task<JsonObject?> SendForJsonAsync(HttpMethod method, string path, JsonObject? body = null,
        IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancellationToken = default)
    {
        var response = await SendJsonBodyAsync(method, path, body, query, cancellationToken).ConfigureAwait(false);
        EnsureSuccess(response);
        var text = response.BodyText;
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new JsonException("the response body is not a JSON object");
        }
        catch (JsonException ex)
        {
            throw InvalidBody(response, ex);
        }
    }

    /// <summary>Parses a successful answer as an envelope; a body that is not JSON becomes a <see cref="CofferRequestException"/>.</summary>
    public static Secret? ParseSecret(RawResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        try
        {
            return Secret.Parse(response.BodyText);
        }
        catch (JsonException ex)
        {
            throw InvalidBody(response, ex);
        }
    }

    /// <summary>Sends a JSON body (or none) and returns the answer whatever its status.</summary>
    public Task<RawResponse> SendJsonBodyAsync(HttpMethod method, string path, JsonObject? body,
        IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancellationToken = default,
        string contentType = "application/json")
    {
        var bytes = body is null ? null : Encoding.UTF8.GetBytes(body.ToJsonString());
        return SendRawAsync(method, path, bytes, bytes is null ? null : contentType, query, cancellationToken);
    }

    /// <summary>
    /// Sends a request and returns the answer whatever its status; throws <see cref="CofferRequestException"/>
    /// only when no answer could be obtained.
    /// </summary>
    public async Task<RawResponse> SendRawAsync(HttpMethod method, string path, byte[]? body = null, string? contentType = null,
        IEnumerable<KeyValuePair<string, string>>? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var url = RequestUrl.Build(_baseAddress, path, query?.ToList());
        var methodName = method.Method.ToUpperInvariant();
        EnsureHeadersCanBeSent(methodName, url);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var request = BuildRequest(method, url, body, contentType);
                using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (IsRetryable(status) && attempt < _options.MaxRetries)
                {
                    await DelayBeforeRetryAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                return new RawResponse(methodName, url, status, bytes, response.Content.Headers.ContentType?.MediaType);
            }
            catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
            {
                if (attempt < _options.MaxRetries)
                {
                    await DelayBeforeRetryAsync(attempt, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                throw new CofferRequestException(methodName, url, DescribeTransportFailure(methodName, url, ex), ex);
            }
        }
    }

    /// <summary>
    /// Sends <paramref name="content"/> (or no body) without holding it in memory and, for a successful answer, copies
    /// its body into <paramref name="destination"/> as it arrives (the returned body is then empty); an error answer is
    /// returned whole. Not retried: a stream is read once. For snapshot uploads and downloads.
    /// </summary>
    public async Task<RawResponse> SendStreamingAsync(HttpMethod method, string path, Stream? content, string? contentType,
        Stream? destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        var url = RequestUrl.Build(_baseAddress, path, null);
        var methodName = method.Method.ToUpperInvariant();
        EnsureHeadersCanBeSent(methodName, url);
        try
        {
            using var request = BuildRequest(method, url, null, null);
            if (content is not null)
            {
                request.Content = new StreamContent(content);
                if (contentType is not null)
                {
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
                }
            }
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            if (status is >= 200 and < 300 && destination is not null)
            {
                await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
                return new RawResponse(methodName, url, status, [], mediaType);
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return new RawResponse(methodName, url, status, bytes, mediaType);
        }
        catch (Exception ex) when (IsTransportFailure(ex, cancellationToken))
        {
            throw new CofferRequestException(methodName, url, DescribeTransportFailure(methodName, url, ex), ex);
        }
    }

    /// <summary>Throws the <see cref="ApiException"/> matching an error response; does nothing for a success.</summary>
    public static void EnsureSuccess(RawResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.IsSuccess)
        {
            throw ApiException.FromResponse(response);
        }
    }

    public void Dispose() => _http.Dispose();

    private static CofferRequestException InvalidBody(RawResponse response, JsonException ex) =>
        new(response.Method, response.Url, $"error parsing the response of {response.Method} {response.Url}: {ex.Message}", ex);

    private IEnumerable<KeyValuePair<string, string>> ExtraHeaders()
    {
        if (!string.IsNullOrEmpty(Token))
        {
            yield return KeyValuePair.Create("X-Vault-Token", Token);
        }
        if (!string.IsNullOrEmpty(WrapTtl))
        {
            yield return KeyValuePair.Create("X-Vault-Wrap-TTL", WrapTtl);
        }
        if (!string.IsNullOrEmpty(_options.Namespace))
        {
            yield return KeyValuePair.Create("X-Vault-Namespace", _options.Namespace);
        }
        foreach (var header in _options.Headers)
        {
            yield return header;
        }
    }

    // Fails without retrying: a header that cannot be sent now will not be sendable on the next attempt.
    private void EnsureHeadersCanBeSent(string methodName, string url)
    {
        foreach (var (name, value) in ExtraHeaders())
        {
            if (HeaderFields.Problem(name, value) is { } problem)
            {
                throw new CofferRequestException(methodName, url, DescribeFailure(methodName, url, problem));
            }
        }
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, string url, byte[]? body, string? contentType)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("X-Vault-Request", "true");
        foreach (var (name, value) in ExtraHeaders())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (body is not null)
        {
            request.Content = new ByteArrayContent(body);
            if (contentType is not null)
            {
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            }
        }
        return request;
    }

    private static bool IsRetryable(int status) => status == 412 || (status >= 500 && status != 501);

    private static bool IsTransportFailure(Exception ex, CancellationToken cancellationToken) =>
        ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private Task DelayBeforeRetryAsync(int attempt, CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromTicks(Math.Min(_options.RetryDelay.Ticks << Math.Min(attempt, 16), TimeSpan.FromSeconds(1.5).Ticks));
        return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }

    private string DescribeTransportFailure(string methodName, string url, Exception ex)
    {
        var reason = ex is TaskCanceledException
            ? string.Create(CultureInfo.InvariantCulture, $"request timed out after {_http.Timeout.TotalSeconds:0.###}s")
            : (ex.InnerException?.Message ?? ex.Message);
        return DescribeFailure(methodName, url, reason);
    }

    private static string DescribeFailure(string methodName, string url, string reason)
    {
        // Go prints the operation with only its first letter capitalised: Get "http://…": reason.
        var op = methodName[..1] + methodName[1..].ToLowerInvariant();
        return $"{op} \"{url}\": {reason}";
    }

    private static Uri ParseAddress(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"invalid server address \"{address}\": expected http:// or https:// followed by a host", nameof(address));
        }
        return uri;
    }
}
