using System.Text.Json.Nodes;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary><c>subkeys/:path</c>: the key structure of a version with every value replaced by null.</summary>
internal static class KvSubkeysPaths
{
    public static PathSpec Create(KvV2Store store) => new(
        "subkeys/" + PathPatterns.OptionalRest("path"),
        [
            FieldSchema.String("path", "Location of the secret."),
            FieldSchema.Int("version", "The version to describe; the latest version when unset or 0."),
            FieldSchema.Int("depth", "The deepest level to show; objects at that level are shown as null. 0 means no limit."),
        ],
        Handlers.Of((Operation.Read, (request, data, ct) => ReadAsync(store, request, data, ct))))
    {
        Synopsis = "Reads the structure of a secret with its values removed.",
        Description =
            "Returns the keys of a version of the secret, nested as in the secret, with every value (and every " +
            "empty object) replaced by null, so that a client can see what a secret holds without reading it.",
    };

    private static Task<LogicalResponse?> ReadAsync(KvV2Store store, LogicalRequest request, FieldData data, CancellationToken cancellationToken)
    {
        var depth = data.GetInt("depth");
        if (depth < 0)
        {
            throw CofferException.BadRequest("depth must be greater than or equal to 0");
        }

        return store.ReadConsistentAsync(
            KvRequestStorage.Of(request),
            data.GetString("path"),
            data.GetInt("version"),
            (metadata, version, state, content) =>
            {
                var body = new JsonObject
                {
                    ["metadata"] = KvViews.Version(version, state, metadata),
                    ["subkeys"] = content is null ? null : KvSubkeys.Strip(content, depth),
                };
                return content is null ? KvNotFound.WithBody(request, body) : LogicalResponse.WithData(body);
            },
            cancellationToken);
    }
}
