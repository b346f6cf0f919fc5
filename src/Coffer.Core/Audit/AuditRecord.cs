using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Tokens;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Audit;

/// <summary>
/// Writes the JSON lines of Vault's audit log: a <c>request</c> line before the backend runs and a <c>response</c>
/// line after. Every token, accessor (unless <c>hmac_accessor=false</c>) and string value in request and response
/// data is replaced by its HMAC unless the device logs raw. Lines are written straight to UTF-8, with no
/// intermediate document, because every request pays for them. Each line ends with its newline.
/// </summary>
internal static class AuditRecord
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Appends a request line and its response line, for a read whose request line waited for its answer.</summary>
    public static void RequestAndResponse(ArrayBufferWriter<byte> buffer, IAuditDevice device, DateTimeOffset time, LogicalRequest request, string fullPath, TokenEntry? caller, LogicalResponse? response, string? error)
    {
        Request(buffer, device, time, request, fullPath, caller, null);
        Response(buffer, device, time, request, fullPath, caller, response, error);
    }

    /// <summary>Appends a request line to <paramref name="buffer"/>.</summary>
    public static void Request(ArrayBufferWriter<byte> buffer, IAuditDevice device, DateTimeOffset time, LogicalRequest request, string fullPath, TokenEntry? caller, string? error) =>
        WriteLine(buffer, device, writer =>
        {
            Header(writer, device, time, "request", caller);
            RequestBlock(writer, device, request, fullPath);
            if (error is not null)
            {
                writer.WriteString("error", error);
            }
        });

    /// <summary>Appends a response line to <paramref name="buffer"/>.</summary>
    public static void Response(ArrayBufferWriter<byte> buffer, IAuditDevice device, DateTimeOffset time, LogicalRequest request, string fullPath, TokenEntry? caller, LogicalResponse? response, string? error) =>
        WriteLine(buffer, device, writer =>
        {
            Header(writer, device, time, "response", caller);
            RequestBlock(writer, device, request, fullPath);
            writer.WriteStartObject("response");
            writer.WriteString("mount_type", request.MountType);
            if (response?.Data is { } data)
            {
                writer.WritePropertyName("data");
                WriteHashed(writer, device, data);
            }

            if (response?.Auth is { } auth)
            {
                writer.WriteStartObject("auth");
                writer.WriteString("client_token", Secret(device, auth.ClientToken));
                writer.WriteString("accessor", Accessor(device, auth.Accessor));
                WriteStrings(writer, "policies", auth.Policies);
                writer.WriteString("token_type", auth.TokenType);
                writer.WriteNumber("token_ttl", auth.LeaseDuration);
                writer.WriteEndObject();
            }

            if (response?.WrapInfo is { } wrap)
            {
                writer.WriteStartObject("wrap_info");
                writer.WriteString("token", Secret(device, wrap.Token));
                writer.WriteString("accessor", Accessor(device, wrap.Accessor));
                writer.WriteNumber("ttl", wrap.Ttl);
                writer.WriteString("creation_path", wrap.CreationPath);
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            if (error is not null)
            {
                writer.WriteString("error", error);
            }
        });

    private static void Header(Utf8JsonWriter writer, IAuditDevice device, DateTimeOffset time, string type, TokenEntry? caller)
    {
        writer.WriteString("time", ResponseEnvelope.FormatTime(time));
        writer.WriteString("type", type);
        if (caller is null)
        {
            return;
        }

        writer.WriteStartObject("auth");
        writer.WriteString("client_token", Secret(device, caller.Id));
        writer.WriteString("accessor", Accessor(device, caller.Accessor));
        writer.WriteString("display_name", caller.DisplayName);
        WriteStrings(writer, "policies", caller.Policies);
        WriteStrings(writer, "token_policies", caller.Policies);
        writer.WritePropertyName("metadata");
        if (caller.Meta is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStartObject();
            foreach (var (key, value) in caller.Meta)
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        writer.WriteString("entity_id", caller.EntityId);
        writer.WriteString("token_type", caller.Type);
        writer.WriteNumber("token_ttl", caller.Ttl);
        writer.WriteString("token_issue_time", ResponseEnvelope.FormatTime(caller.IssueTime));
        writer.WriteEndObject();
    }

    private static void RequestBlock(Utf8JsonWriter writer, IAuditDevice device, LogicalRequest request, string fullPath)
    {
        writer.WriteStartObject("request");
        writer.WriteString("id", request.Id);
        writer.WriteString("operation", Telemetry.OperationNames.Of(request.Operation));
        writer.WriteString("mount_type", request.MountType);
        writer.WriteString("mount_accessor", request.MountAccessor);
        writer.WriteString("client_token", Secret(device, request.ClientToken));
        writer.WriteString("client_token_accessor", Accessor(device, request.ClientTokenAccessor));
        writer.WriteStartObject("namespace");
        writer.WriteString("id", "root");
        writer.WriteEndObject();
        writer.WriteString("path", fullPath);
        writer.WriteString("remote_address", request.RemoteAddress);
        if (request.Data.Count > 0)
        {
            writer.WritePropertyName("data");
            WriteHashed(writer, device, request.Data);
        }

        if (request.WrapTtl is { } wrapTtl)
        {
            writer.WriteNumber("wrap_ttl", (long)wrapTtl.TotalSeconds);
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a JSON value with every string in it replaced by its HMAC (unless the device logs raw).</summary>
    private static void WriteHashed(Utf8JsonWriter writer, IAuditDevice device, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj)
                {
                    writer.WritePropertyName(key);
                    WriteHashed(writer, device, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    WriteHashed(writer, device, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                writer.WriteStringValue(Secret(device, value.GetValue<string>()));
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static string Secret(IAuditDevice device, string value) => device.Entry.LogRaw ? value : device.Hasher.Hash(value);

    private static string Accessor(IAuditDevice device, string value) =>
        device.Entry.LogRaw || !device.Entry.HmacAccessor ? value : device.Hasher.Hash(value);

    private static void WriteStrings(Utf8JsonWriter writer, string name, IEnumerable<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static void WriteLine(ArrayBufferWriter<byte> buffer, IAuditDevice device, Action<Utf8JsonWriter> body)
    {
        var prefix = device.Entry.Prefix;
        if (prefix.Length > 0)
        {
            buffer.Write(System.Text.Encoding.UTF8.GetBytes(prefix));
        }

        // Lines are built synchronously, so one writer per thread serves every line that thread builds.
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        writer.WriteStartObject();
        body(writer);
        writer.WriteEndObject();
        writer.Flush();

        // The device writes the line with its end in one call.
        buffer.Write("\n"u8);
    }
}
