using Coffer.Core;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Http;

/// <summary>
/// Turns every failure into Vault's error envelope. Expected failures carry a kind; anything else is logged
/// (without request data) and answered with a generic 500, so the server keeps serving.
/// </summary>
internal sealed partial class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (CofferException e) when (!context.Response.HasStarted)
        {
            await VaultResponseWriter.WriteErrorAsync(context, e).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            var status = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? e.StatusCode : StatusCodes.Status400BadRequest;
            await VaultResponseWriter.WriteErrorAsync(context, status, [status == 413 ? "http: request body too large" : e.Message]).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            LogUnexpected(logger, e, context.Request.Method, PathForLogs(context.Request.Path.Value));
            await VaultResponseWriter.WriteErrorAsync(context, StatusCodes.Status500InternalServerError, ["internal error"]).ConfigureAwait(false);
        }
    }

    /// <summary>Only the first two segments: deeper segments may be token values (legacy lookup/&lt;token&gt;).</summary>
    private static string PathForLogs(string? path) =>
        string.Join('/', (path ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries).Take(3));

    [LoggerMessage(1, LogLevel.Error, "http: unexpected failure serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}
