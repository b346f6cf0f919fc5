using System.Text.Json.Nodes;

namespace Coffer.Core.Audit;

/// <summary>One row of the audit table (<c>core/audit</c>): an enabled device and its options.</summary>
public sealed record AuditDeviceEntry
{
    /// <summary>Path with a trailing slash, e.g. <c>file/</c>.</summary>
    public required string Path { get; init; }

    public required string Type { get; init; }

    public string Description { get; init; } = string.Empty;

    public Dictionary<string, string> Options { get; init; } = new(StringComparer.Ordinal);

    public bool Local { get; init; }

    /// <summary>Hex salt of the device's HMAC; under the barrier, never shown.</summary>
    public string Salt { get; init; } = string.Empty;

    public bool LogRaw => Flag("log_raw", false);

    public bool HmacAccessor => Flag("hmac_accessor", true);

    public string Prefix => Options.GetValueOrDefault("prefix", string.Empty);

    private bool Flag(string name, bool fallback) =>
        Options.TryGetValue(name, out var value) && Sdk.Helpers.GoBool.TryParse(value, out var parsed) ? parsed : fallback;

    public JsonObject Describe() => new()
    {
        ["type"] = Type,
        ["description"] = Description,
        ["options"] = new JsonObject(Options.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["local"] = Local,
        ["path"] = Path,
    };
}
