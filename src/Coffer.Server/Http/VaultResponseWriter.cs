using System.Globalization;
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
            await context.Response.Body.WriteAsync(raw.Body, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        if (response.InjectDataAtTopLevel && response.Data is not null)
        {
            foreach (var (key, value) in response.Data)
            {
                writer.WritePropertyName(key);
                WriteNode(writer, value);
            }
        }

        var wrapped = response.WrapInfo is not null;
        writer.WriteString("request_id", wrapped ? string.Empty : request.Id);
        writer.WriteString("lease_id", response.LeaseId);
        writer.WriteBoolean("renewable", response.Renewable);
        writer.WriteNumber("lease_duration", response.LeaseDuration);
        writer.WritePropertyName("data");
        WriteNode(writer, response.Data);
        writer.WritePropertyName("wrap_info");
        WriteWrapInfo(writer, response.WrapInfo);
        writer.WritePropertyName("warnings");
        if (response.Warnings.Count == 0)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartArray();
            foreach (var warning in response.Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }

        writer.WritePropertyName("auth");
        WriteAuth(writer, response.Auth);
        writer.WriteString("mount_type", wrapped ? string.Empty : request.MountType);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        if (node is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            node.WriteTo(writer);
        }
    }

    private static void WriteWrapInfo(Utf8JsonWriter writer, WrapInfo? info)
    {
        if (info is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("token", info.Token);
        writer.WriteString("accessor", info.Accessor);
        writer.WriteNumber("ttl", info.Ttl);
        writer.WriteString("creation_time", info.CreationTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture));
        writer.WriteString("creation_path", info.CreationPath);
        if (info.WrappedAccessor.Length > 0)
        {
            writer.WriteString("wrapped_accessor", info.WrappedAccessor);
        }

        writer.WriteEndObject();
    }

    private static void WriteAuth(Utf8JsonWriter writer, AuthInfo? auth)
    {
        if (auth is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("client_token", auth.ClientToken);
        writer.WriteString("accessor", auth.Accessor);
        WriteStrings(writer, "policies", auth.Policies);
        if (auth.TokenPolicies.Count > 0)
        {
            WriteStrings(writer, "token_policies", auth.TokenPolicies);
        }

        if (auth.IdentityPolicies.Count > 0)
        {
            WriteStrings(writer, "identity_policies", auth.IdentityPolicies);
        }

        writer.WritePropertyName("metadata");
        if (auth.Metadata is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartObject();
            foreach (var (key, value) in auth.Metadata)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteNumber("lease_duration", auth.LeaseDuration);
        writer.WriteBoolean("renewable", auth.Renewable);
        writer.WriteString("entity_id", auth.EntityId);
        writer.WriteString("token_type", auth.TokenType);
        writer.WriteBoolean("orphan", auth.Orphan);
        writer.WriteNull("mfa_requirement");
        writer.WriteNumber("num_uses", auth.NumUses);
        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
