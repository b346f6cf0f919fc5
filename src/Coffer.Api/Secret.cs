using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coffer.Api;

/// <summary>
/// A response envelope as the client sees it: lease fields, <c>data</c>, warnings, auth and wrap info.
/// </summary>
public sealed class Secret
{
    public string RequestId { get; init; } = "";
    public string LeaseId { get; init; } = "";
    public long LeaseDuration { get; init; }
    public bool Renewable { get; init; }

    /// <summary>Endpoint data; null when the server sent none (distinct from an empty object).</summary>
    public JsonObject? Data { get; set; }

    /// <summary>Warnings; null when the server sent none (distinct from an empty list).</summary>
    public IReadOnlyList<string>? Warnings { get; init; }

    public SecretAuth? Auth { get; init; }
    public SecretWrapInfo? WrapInfo { get; init; }
    public string MountType { get; init; } = "";

    /// <summary>
    /// Parses a response body. Returns null for an empty body and for a body holding nothing but
    /// <c>errors</c>. A body with none of the envelope fields (a raw sys endpoint) becomes the secret's
    /// <see cref="Data"/>, so callers can treat both kinds of endpoint alike.
    /// </summary>
    public static Secret? Parse(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        if (JsonNode.Parse(body) is not JsonObject obj)
        {
            throw new JsonException("response body is not a JSON object");
        }
        return FromObject(obj);
    }

    public static Secret? FromObject(JsonObject obj)
    {
        var secret = new Secret
        {
            RequestId = JsonFields.GetString(obj, "request_id"),
            LeaseId = JsonFields.GetString(obj, "lease_id"),
            LeaseDuration = JsonFields.GetInt64(obj, "lease_duration"),
            Renewable = JsonFields.GetBool(obj, "renewable"),
            Data = obj["data"] is JsonObject data ? (JsonObject)data.DeepClone() : null,
            Warnings = JsonFields.GetStringList(obj, "warnings"),
            Auth = obj["auth"] is JsonObject auth ? SecretAuth.Parse(auth) : null,
            WrapInfo = obj["wrap_info"] is JsonObject wrap ? SecretWrapInfo.Parse(wrap) : null,
            MountType = JsonFields.GetString(obj, "mount_type"),
        };
        if (!secret.IsEmpty)
        {
            return secret;
        }

        var onlyErrors = obj.Count == 1 && obj.ContainsKey("errors");
        if (onlyErrors)
        {
            return null;
        }
        if (obj.Count > 0)
        {
            var raw = (JsonObject)obj.DeepClone();
            raw.Remove("errors");
            secret.Data = raw;
        }
        return secret;
    }

    private bool IsEmpty =>
        RequestId.Length == 0 && LeaseId.Length == 0 && LeaseDuration == 0 && !Renewable && Data is null
        && Warnings is null && Auth is null && WrapInfo is null && MountType.Length == 0;
}
