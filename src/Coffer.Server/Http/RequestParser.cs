using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Helpers;
using Coffer.Sdk.Logical;
using Microsoft.AspNetCore.Http.Features;

namespace Coffer.Server.Http;

/// <summary>Turns an HTTP request into a <see cref="LogicalRequest"/> following Vault's method, token and body rules.</summary>
internal static class RequestParser
{
    // Bodies announced up to this size get a buffer of exactly their size up front.
    private const int InitialBodyBufferLimit = 64 * 1024;

    /// <summary>How deeply a JSON body may nest; deeper bodies are refused with a 400.</summary>
    internal const int MaxJsonDepth = 64;

    /// <summary>Paths whose write body is a binary upload (a snapshot), handed to the backend as a stream, not parsed.</summary>
    private static readonly HashSet<string> BinaryBodyPaths = new(StringComparer.Ordinal)
    {
        "sys/storage/raft/snapshot", "sys/storage/raft/snapshot-force",
    };

    public static async Task<LogicalRequest> ParseAsync(HttpContext context, string path, CancellationToken cancellationToken)
    {
        var query = context.Request.Query;
        var operation = OperationFor(context.Request.Method, query);
        if (query.TryGetValue("help", out var help) && GoBool.TryParse(help.ToString(), out var wantsHelp) && wantsHelp)
        {
            operation = Operation.Help;
        }

        if (operation == Operation.Patch && !IsMergePatch(context.Request.ContentType))
        {
            throw new CofferException(ErrorKind.UnsupportedMediaType, $"PATCH requires Content-Type application/merge-patch+json, got \"{context.Request.ContentType}\"");
        }

        Stream? binaryBody = null;
        JsonObject data;
        if (operation == Operation.Update && BinaryBodyPaths.Contains(path))
        {
            data = QueryData(query);
            binaryBody = await SpoolBodyAsync(context, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            data = operation is Operation.Read or Operation.List or Operation.Delete or Operation.Help
                ? QueryData(query)
                : await ReadBodyAsync(context, cancellationToken).ConfigureAwait(false);
        }

        if (operation == Operation.List && !path.EndsWith('/'))
        {
            path += "/";
        }

        return new LogicalRequest(operation, path, data)
        {
            ClientToken = ClientToken(context.Request.Headers),
            WrapTtl = WrapTtl(context.Request.Headers),
            RemoteAddress = context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
            Body = binaryBody,
        };
    }

    /// <summary>
    /// Copies a binary body to a temporary file, deleted when closed: a snapshot is verified end to end before any of
    /// it is used, so it must be read twice, and it may be larger than memory should hold. The listener's
    /// <c>max_request_size</c> applies, as in Vault.
    /// </summary>
    private static async Task<Stream> SpoolBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "coffer-upload-" + Guid.NewGuid().ToString("N"));
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await context.Request.Body.CopyToAsync(file, cancellationToken).ConfigureAwait(false);
            file.Position = 0;
            return file;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw new CofferException(ErrorKind.RequestTooLarge, "http: request body too large");
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary><c>X-Vault-Token</c>, else the first <c>Authorization: Bearer</c> value.</summary>
    public static string ClientToken(IHeaderDictionary headers)
    {
        var token = headers["X-Vault-Token"].ToString();
        if (token.Length > 0)
        {
            return token.Trim();
        }

        foreach (var value in headers.Authorization)
        {
            if (value is not null && value.StartsWith("Bearer ", StringComparison.Ordinal))
            {
                return value["Bearer ".Length..].Trim();
            }
        }

        return string.Empty;
    }

    private static Operation OperationFor(string method, IQueryCollection query)
    {
        switch (method)
        {
            case "GET":
                if (query.TryGetValue("list", out var list))
                {
                    if (!GoBool.TryParse(list.ToString(), out var isList))
                    {
                        throw new CofferException(ErrorKind.InvalidRequest, Array.Empty<string>());
                    }

                    return isList ? Operation.List : Operation.Read;
                }

                return Operation.Read;
            case "LIST":
                return Operation.List;
            case "POST" or "PUT":
                return Operation.Update;
            case "PATCH":
                return Operation.Patch;
            case "DELETE":
                return Operation.Delete;
            default:
                throw new CofferException(ErrorKind.UnsupportedOperation, Array.Empty<string>());
        }
    }

    private static bool IsMergePatch(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/merge-patch+json", StringComparison.OrdinalIgnoreCase);

    private static JsonObject QueryData(IQueryCollection query)
    {
        var data = new JsonObject();
        foreach (var (key, value) in query)
        {
            if (key is "list" or "help")
            {
                continue;
            }

            data[key] = value.Count == 1 ? JsonValue.Create(value.ToString()) : new JsonArray([.. value.Select(v => (JsonNode?)JsonValue.Create(v))]);
        }

        return data;
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        // Sized from Content-Length when it is small, so a typical body is read without regrowing the buffer; the
        // buffer is parsed in place (the parser copies what it keeps).
        var expected = context.Request.ContentLength is > 0 and <= InitialBodyBufferLimit and var length ? (int)length : 0;
        using var buffer = new MemoryStream(expected);
        try
        {
            await context.Request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw new CofferException(ErrorKind.RequestTooLarge, "http: request body too large");
        }

        var body = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        var text = body.Trim((byte)' ');
        if (text.IsEmpty || text.Trim("\r\n\t "u8).IsEmpty)
        {
            return new JsonObject();
        }

        // The body first: asking for the form content type creates the form feature, which a JSON body never needs.
        if (text[0] is not (byte)'{' and not (byte)'[' && context.Request.HasFormContentType)
        {
            var form = new JsonObject();
            foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(System.Text.Encoding.UTF8.GetString(text)))
            {
                form[key] = value.ToString();
            }

            return form;
        }

        JsonObject parsed;
        try
        {
            parsed = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = MaxJsonDepth }) as JsonObject
                ?? throw CofferException.BadRequest("failed to parse JSON input: the request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw CofferException.BadRequest("failed to parse JSON input: " + e.Message);
        }

        return EscapedSurrogates.ArePaired(body)
            ? parsed
            : throw CofferException.BadRequest("failed to parse JSON input: a string escapes an unpaired UTF-16 surrogate");
    }

    private static TimeSpan? WrapTtl(IHeaderDictionary headers)
    {
        var value = headers["X-Vault-Wrap-TTL"].ToString();
        if (value.Length == 0)
        {
            return null;
        }

        if (!GoDuration.TryParse(value, out var ttl))
        {
            throw CofferException.BadRequest($"error parsing X-Vault-Wrap-TTL header: time: invalid duration \"{value}\"");
        }

        if (ttl < TimeSpan.Zero)
        {
            throw CofferException.BadRequest("error parsing X-Vault-Wrap-TTL header: requested wrap ttl cannot be negative");
        }

        return ttl == TimeSpan.Zero ? null : ttl;
    }

    /// <summary>Applies the listener's body limit to this request (Kestrel enforces it while reading).</summary>
    public static void LimitBody(HttpContext context, long maxRequestSize)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = maxRequestSize;
        }
    }
}
