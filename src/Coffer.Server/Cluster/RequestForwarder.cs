using Coffer.Core;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Cluster;

/// <summary>
/// A standby's requests go to the active node: proxied over HTTP to the active node's <c>api_addr</c> (method, path,
/// query, headers and body; status, headers and body back), or, when the client sends
/// <c>X-Vault-No-Request-Forwarding</c>, answered with a 307 to that address. The endpoints that describe or change
/// this node itself (seal state, health, leader, join, metrics) are always served locally.
/// </summary>
internal sealed class RequestForwarder(CofferCore core, string nodeId, ActiveNodeLocator locator, HttpClient http, ILogger logger)
{
    /// <summary>Marks a forwarded request, so that a node that is no longer active does not forward it again.</summary>
    public const string ForwardedByHeader = "X-Coffer-Forwarded-By";

    private const string NoForwardingHeader = "X-Vault-No-Request-Forwarding";
    private static readonly TimeSpan LeaderPatience = TimeSpan.FromSeconds(5);

    private static readonly HashSet<string> LocalPaths = new(StringComparer.Ordinal)
    {
        "sys/init", "sys/seal-status", "sys/unseal", "sys/seal", "sys/health", "sys/leader", "sys/metrics", "sys/storage/raft/join",
    };

    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Connection", "TE", "Trailer",
        "Transfer-Encoding", "Upgrade", "Host",
    };

    public bool ShouldForward(string path) => core.IsStandby && !LocalPaths.Contains(path);

    public async Task ForwardAsync(HttpContext context, Func<Task> serveLocally)
    {
        if (context.Request.Headers.ContainsKey(ForwardedByHeader))
        {
            throw new CofferException(ErrorKind.Unavailable, "the request was forwarded to a node that is no longer active; retry");
        }

        var active = await locator.WaitAsync(LeaderPatience, context.RequestAborted).ConfigureAwait(false);
        if (active is null)
        {
            if (!core.IsStandby)
            {
                await serveLocally().ConfigureAwait(false);
                return;
            }

            throw new CofferException(ErrorKind.Unavailable, "local node not active but active cluster node not found");
        }

        var url = active.ApiAddress.TrimEnd('/') + context.Request.Path.ToUriComponent() + context.Request.QueryString.ToUriComponent();
        if (!string.IsNullOrEmpty(context.Request.Headers[NoForwardingHeader]))
        {
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = url;
            return;
        }

        await ProxyAsync(context, url, active.ApiAddress).ConfigureAwait(false);
    }

    private async Task ProxyAsync(HttpContext context, string url, string activeAddress)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), url);
        if (context.Request.ContentLength > 0 || context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            request.Content = new StreamContent(context.Request.Body);
        }

        foreach (var (name, values) in context.Request.Headers)
        {
            if (HopByHopHeaders.Contains(name))
            {
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        request.Headers.TryAddWithoutValidation(ForwardedByHeader, nodeId);
        if (context.Connection.RemoteIpAddress is { } client)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", client.ToString());
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            ClusterLog.ForwardingFailed(logger, context.Request.Method, activeAddress, e.Message);
            throw new CofferException(ErrorKind.Unavailable, $"the active node at {activeAddress} could not be reached; retry");
        }

        using (response)
        {
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (!HopByHopHeaders.Contains(name))
                {
                    context.Response.Headers[name] = values.ToArray();
                }
            }

            await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
