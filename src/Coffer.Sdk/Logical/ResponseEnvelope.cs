using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Sdk.Logical;

/// <summary>
/// Vault's JSON envelope of a logical response. The HTTP edge writes it to clients and response wrapping stores
/// it in a cubbyhole, so both produce the same bytes.
/// </summary>
public static class ResponseEnvelope
{
    public static byte[] ToUtf8(LogicalResponse response, string requestId, string mountType)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, response, requestId, mountType);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, LogicalResponse response, string requestId, string mountType)
    {
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
        writer.WriteString("request_id", wrapped ? string.Empty : requestId);
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
            WriteStrings(writer, response.Warnings);
        }

        writer.WritePropertyName("auth");
        WriteAuth(writer, response.Auth);
        writer.WriteString("mount_type", wrapped ? string.Empty : mountType);
        writer.WriteEndObject();
    }

    /// <summary>RFC 3339 with nanosecond-style precision, as Vault prints times.</summary>
    public static string FormatTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture);

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
        writer.WriteString("creation_time", FormatTime(info.CreationTime));
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
        writer.WritePropertyName("policies");
        WriteStrings(writer, auth.Policies);
        if (auth.TokenPolicies.Count > 0)
        {
            writer.WritePropertyName("token_policies");
            WriteStrings(writer, auth.TokenPolicies);
        }

        if (auth.IdentityPolicies.Count > 0)
        {
            writer.WritePropertyName("identity_policies");
            WriteStrings(writer, auth.IdentityPolicies);
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

    private static void WriteStrings(Utf8JsonWriter writer, IReadOnlyList<string> values)
    {
        writer.WriteStartArray();
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
