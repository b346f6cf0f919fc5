using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Server.Http;

/// <summary>Writes Vault's JSON envelopes: the success envelope of logical responses and the error envelope.</summary>
internal static class VaultResponseWriter
{
    public static Task WriteErrorAsync(HttpContext context, CofferException error) =>
        WriteErrorAsync(context, ErrorMapper.StatusCode(error.Kind), error.Errors);

    public static async Task WriteErrorAsync(HttpContext context, int statusCode, IReadOnlyList<string> errors)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteStartArray("errors");
        foreach (var error in errors)
        {
            writer.WriteStringValue(error);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>Writes a JSON document as-is (raw sys handlers such as seal-status).</summary>
    public static async Task WriteJsonAsync(HttpContext context, int statusCode, JsonObject body)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        body.WriteTo(writer);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteLogicalAsync(HttpContext context, LogicalRequest request, LogicalResponse response)
    {
        if (response.Raw is { } raw)
        {
            context.Response.StatusCode = raw.StatusCode;
            context.Response.ContentType = raw.ContentType;
            if (raw.WriteBodyAsync is { } writeBody)
            {
                await writeBody(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
                return;
            }

            await context.Response.Body.WriteAsync(raw.Body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        ResponseEnvelope.Write(writer, response, request.Id, request.MountType);
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }
}
