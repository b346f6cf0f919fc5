using System.Text;
using System.Text.Json.Nodes;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Secrets.Kv;

/// <summary>
/// Vault's KV engine answers some misses (a deleted or destroyed version, a path outside its API) with a 404
/// whose body is still a whole response envelope, so that clients can show the version's metadata or the
/// warning. The engine writes that body itself, as a raw response; like Vault, it sets only the request id
/// (so <c>mount_type</c> is empty). <see cref="LogicalResponse.Data"/> and the warnings carry the same
/// content for in-process callers.
/// </summary>
internal static class KvNotFound
{
    public const int StatusCode = 404;

    public static LogicalResponse WithBody(LogicalRequest request, JsonObject? data, params string[] warnings)
    {
        JsonArray? warningArray = warnings.Length == 0 ? null : new JsonArray(warnings.Select(w => (JsonNode?)JsonValue.Create(w)).ToArray());
        var body = new JsonObject
        {
            ["request_id"] = request.Id,
            ["lease_id"] = string.Empty,
            ["renewable"] = false,
            ["lease_duration"] = 0,
            ["data"] = data?.DeepClone(),
            ["wrap_info"] = null,
            ["warnings"] = warningArray,
            ["auth"] = null,
            ["mount_type"] = string.Empty,
        };
        var response = new LogicalResponse
        {
            Data = data,
            Raw = new RawResponse(StatusCode, "application/json", Encoding.UTF8.GetBytes(body.ToJsonString())),
        };
        response.Warnings.AddRange(warnings);
        return response;
    }
}
