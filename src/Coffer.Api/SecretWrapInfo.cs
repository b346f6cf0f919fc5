using System.Text.Json.Nodes;

namespace Coffer.Api;

/// <summary>The <c>wrap_info</c> block of a wrapped response.</summary>
public sealed class SecretWrapInfo
{
    public string Token { get; init; } = "";
    public string Accessor { get; init; } = "";
    public long Ttl { get; init; }

    /// <summary>RFC 3339 timestamp exactly as the server sent it.</summary>
    public string CreationTime { get; init; } = "";

    public string CreationPath { get; init; } = "";
    public string WrappedAccessor { get; init; } = "";

    public static SecretWrapInfo Parse(JsonObject obj) => new()
    {
        Token = JsonFields.GetString(obj, "token"),
        Accessor = JsonFields.GetString(obj, "accessor"),
        Ttl = JsonFields.GetInt64(obj, "ttl"),
        CreationTime = JsonFields.GetString(obj, "creation_time"),
        CreationPath = JsonFields.GetString(obj, "creation_path"),
        WrappedAccessor = JsonFields.GetString(obj, "wrapped_accessor"),
    };
}
