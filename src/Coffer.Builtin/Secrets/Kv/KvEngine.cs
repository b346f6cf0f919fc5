using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>The <c>kv</c> secrets engine: version 1 (plain key-value) or version 2 (versioned), by mount option.</summary>
public static class KvEngine
{
    /// <summary>The mount type the server registers this engine under.</summary>
    public const string MountType = "kv";

    /// <summary>
    /// Creates the backend of one mount. <c>options["version"]</c> chooses the flavour: absent, empty or "1" for
    /// version 1, "2" for version 2 (a string, as Vault stores mount options; a number is accepted too).
    /// </summary>
    /// <exception cref="CofferException">An unknown version (400).</exception>
    public static ILogicalBackend Create(JsonObject mountOptions, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(mountOptions);
        ArgumentNullException.ThrowIfNull(time);
        return VersionOf(mountOptions) switch
        {
            "" or "1" => new KvV1Backend(),
            "2" => new KvV2Backend(time),
            var other => throw CofferException.BadRequest($"unsupported kv version \"{other}\": expected \"1\" or \"2\""),
        };
    }

    private static string VersionOf(JsonObject options) => options["version"] switch
    {
        null => string.Empty,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>().Trim(),
        var node => node.ToJsonString(),
    };
}
