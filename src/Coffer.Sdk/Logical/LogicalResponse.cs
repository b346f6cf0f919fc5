using System.Text.Json.Nodes;

namespace Coffer.Sdk.Logical;

/// <summary>
/// What a backend answers. A null response means "done, nothing to say" and becomes HTTP 204.
/// </summary>
public sealed class LogicalResponse
{
    public JsonObject? Data { get; set; }

    public List<string> Warnings { get; } = [];

    public AuthInfo? Auth { get; set; }

    public WrapInfo? WrapInfo { get; set; }

    public string LeaseId { get; set; } = string.Empty;

    public long LeaseDuration { get; set; }

    public bool Renewable { get; set; }

    /// <summary>When set, the edge writes this instead of the envelope.</summary>
    public RawResponse? Raw { get; set; }

    /// <summary>
    /// When true, the edge also copies <see cref="Data"/>'s keys to the top level of the JSON body,
    /// as Vault does for a fixed list of legacy <c>sys/</c> routes.
    /// </summary>
    public bool InjectDataAtTopLevel { get; set; }

    public static LogicalResponse WithData(JsonObject data) => new() { Data = data };

    public static LogicalResponse ListOf(IEnumerable<string> keys)
    {
        var array = new JsonArray();
        foreach (var key in keys)
        {
            array.Add(key);
        }

        return new LogicalResponse { Data = new JsonObject { ["keys"] = array } };
    }

    public LogicalResponse AddWarning(string warning)
    {
        Warnings.Add(warning);
        return this;
    }
}
