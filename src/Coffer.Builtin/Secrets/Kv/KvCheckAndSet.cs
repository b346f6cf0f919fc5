using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// The <c>options.cas</c> rule of data writes and patches: when given it must equal the key's current version
/// (0 for a key without versions); when the mount or the key sets <c>cas_required</c> it must be given.
/// </summary>
internal static class KvCheckAndSet
{
    public const string Required = "check-and-set parameter required for this call";

    public const string Mismatch = "check-and-set parameter did not match the current version";

    public static void Verify(FieldData data, KvConfig config, KvKeyMetadata metadata)
    {
        if (data.GetMap("options") is { } options && options.TryGetPropertyValue("cas", out var cas))
        {
            if (Parse(cas) != metadata.CurrentVersion)
            {
                throw CofferException.BadRequest(Mismatch);
            }
        }
        else if (config.CasRequired || metadata.CasRequired)
        {
            throw CofferException.BadRequest(Required);
        }
    }

    // Vault decodes cas weakly: numbers, numeric strings and booleans are accepted, null counts as 0.
    private static long Parse(JsonNode? cas)
    {
        if (cas is null)
        {
            return 0;
        }

        if (cas is JsonValue value)
        {
            switch (value.GetValueKind())
            {
                // Parsed from the text so that any integer representation (as read from JSON or built in code) works.
                case JsonValueKind.Number when long.TryParse(value.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number):
                    return number;
                case JsonValueKind.String when long.TryParse(value.GetValue<string>(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed):
                    return parsed;
                case JsonValueKind.True:
                    return 1;
                case JsonValueKind.False:
                    return 0;
            }
        }

        throw CofferException.BadRequest("error parsing check-and-set parameter");
    }
}
