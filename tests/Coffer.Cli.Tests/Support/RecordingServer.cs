using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Coffer.Cli.Tests.Support;

/// <summary>
/// A real HTTP listener on 127.0.0.1 that records every request and answers with canned responses,
/// so command tests check the exact method, path, headers and body the CLI sends.
/// </summary>
internal sealed class RecordingServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string Body)>> _routes = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();

    private RecordingServer(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    public string Address { get; private set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public RecordedRequest Single(string method, string path) =>
        Assert.Single(Requests, r => r.Method == method && r.Path == path);

    /// <param name="certificate">When given, the listener speaks HTTPS with this certificate.</param>
    public static async Task<RecordingServer> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        var server = new RecordingServer(app, "");
        app.Run(server.HandleAsync);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Address = address;
        return server;
    }

    /// <summary>Answers <paramref name="method"/> on <paramref name="path"/> (no query) with this response from now on.</summary>
    public RecordingServer On(string method, string path, int status, string body = "")
    {
        var queue = new ConcurrentQueue<(int, string)>();
        queue.Enqueue((status, body));
        _routes[Key(method, path)] = queue;
        return this;
    }

    /// <summary>Answers successive requests with successive responses; the last one repeats.</summary>
    public RecordingServer OnSequence(string method, string path, params (int Status, string Body)[] responses)
    {
        _routes[Key(method, path)] = new ConcurrentQueue<(int, string)>(responses);
        return this;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static string Key(string method, string path) => method + " " + path;

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var path = context.Request.Path.Value ?? "";
        _requests.Enqueue(new RecordedRequest(context.Request.Method, path, context.Request.QueryString.Value ?? "", headers, body));

        var (status, responseBody) = (404, "{\"errors\":[]}");
        if (_routes.TryGetValue(Key(context.Request.Method, path), out var queue))
        {
            if (queue.Count > 1 && queue.TryDequeue(out var next))
            {
                (status, responseBody) = next;
            }
            else if (queue.TryPeek(out var last))
            {
                (status, responseBody) = last;
            }
        }
        context.Response.StatusCode = status;
        if (responseBody.Length > 0)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(responseBody, context.RequestAborted);
        }
    }
}
