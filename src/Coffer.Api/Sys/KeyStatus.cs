using System.Text.Json.Nodes;

namespace Coffer.Api.Sys;

/// <summary>Answer of <c>sys/key-status</c>: the active keyring term.</summary>
public sealed class KeyStatus
{
    public long Term { get; init; }

    /// <summary>RFC 3339 install time of the term, as sent.</summary>
    public string InstallTime { get; init; } = "";

    public long Encryptions { get; init; }

    public static KeyStatus Parse(JsonObject obj) => new()
    {
        Term = JsonFields.GetInt64(obj, "term"),
        InstallTime = JsonFields.GetString(obj, "install_time"),
        Encryptions = JsonFields.GetInt64(obj, "encryptions"),
    };
}
