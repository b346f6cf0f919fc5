using System.Text.Json;
using System.Text.Json.Nodes;
using Coffer.Core.Tokens;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Audit;

/// <summary>
/// Builds the JSON lines of Vault's audit log: a <c>request</c> line before the backend runs and a <c>response</c>
/// line after. Every token, accessor (unless <c>hmac_accessor=false</c>) and string value in request and response
/// data is replaced by its HMAC unless the device logs raw.
/// </summary>
internal static class AuditRecord
{
    public static byte[] Request(IAuditDevice device, DateTimeOffset time, LogicalRequest request, string fullPath, TokenEntry? caller, string? error)
    {
        var line = Header(device, time, "request", caller);
        line["request"] = RequestBlock(device, request, fullPath);
        if (error is not null)
        {
            line["error"] = error;
        }

        return Serialize(device, line);
    }

    public static byte[] Response(IAuditDevice device, DateTimeOffset time, LogicalRequest request, string fullPath, TokenEntry? caller, LogicalResponse? response, string? error)
    {
        var line = Header(device, time, "response", caller);
        line["request"] = RequestBlock(device, request, fullPath);
        var block = new JsonObject { ["mount_type"] = request.MountType };
        if (response?.Data is { } data)
        {
            block["data"] = HashValues(device, data);
        }

        if (response?.Auth is { } auth)
        {
            block["auth"] = new JsonObject
            {
                ["client_token"] = Secret(device, auth.ClientToken),
                ["accessor"] = Accessor(device, auth.Accessor),
                ["policies"] = Strings(auth.Policies),
                ["token_type"] = auth.TokenType,
                ["token_ttl"] = auth.LeaseDuration,
            };
        }

        if (response?.WrapInfo is { } wrap)
        {
            block["wrap_info"] = new JsonObject
            {
                ["token"] = Secret(device, wrap.Token),
                ["accessor"] = Accessor(device, wrap.Accessor),
                ["ttl"] = wrap.Ttl,
                ["creation_path"] = wrap.CreationPath,
            };
        }

        line["response"] = block;
        if (error is not null)
        {
            line["error"] = error;
        }

        return Serialize(device, line);
    }

    private static JsonObject Header(IAuditDevice device, DateTimeOffset time, string type, TokenEntry? caller)
    {
        var line = new JsonObject
        {
            ["time"] = ResponseEnvelope.FormatTime(time),
            ["type"] = type,
        };
        if (caller is not null)
        {
            line["auth"] = new JsonObject
            {
                ["client_token"] = Secret(device, caller.Id),
                ["accessor"] = Accessor(device, caller.Accessor),
                ["display_name"] = caller.DisplayName,
                ["policies"] = Strings(caller.Policies),
                ["token_policies"] = Strings(caller.Policies),
                ["metadata"] = caller.Meta is null ? null : new JsonObject(caller.Meta.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
                ["entity_id"] = caller.EntityId,
                ["token_type"] = caller.Type,
                ["token_ttl"] = caller.Ttl,
                ["token_issue_time"] = ResponseEnvelope.FormatTime(caller.IssueTime),
            };
        }

        return line;
    }

    private static JsonObject RequestBlock(IAuditDevice device, LogicalRequest request, string fullPath)
    {
        var block = new JsonObject
        {
            ["id"] = request.Id,
            ["operation"] = request.Operation.ToString().ToLowerInvariant(),
            ["mount_type"] = request.MountType,
            ["mount_accessor"] = request.MountAccessor,
            ["client_token"] = Secret(device, request.ClientToken),
            ["client_token_accessor"] = Accessor(device, request.ClientTokenAccessor),
            ["namespace"] = new JsonObject { ["id"] = "root" },
            ["path"] = fullPath,
            ["remote_address"] = request.RemoteAddress,
        };
        if (request.Data.Count > 0)
        {
            block["data"] = HashValues(device, request.Data);
        }

        if (request.WrapTtl is { } wrapTtl)
        {
            block["wrap_ttl"] = (long)wrapTtl.TotalSeconds;
        }

        return block;
    }

    private static JsonNode? HashValues(IAuditDevice device, JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => new JsonObject(obj.Select(kv => KeyValuePair.Create(kv.Key, HashValues(device, kv.Value)))),
        JsonArray array => new JsonArray([.. array.Select(item => HashValues(device, item))]),
        JsonValue value when value.GetValueKind() == JsonValueKind.String => Secret(device, value.GetValue<string>()),
        _ => node.DeepClone(),
    };

    private static string Secret(IAuditDevice device, string value) => device.Entry.LogRaw ? value : device.Hasher.Hash(value);

    private static string Accessor(IAuditDevice device, string value) =>
        device.Entry.LogRaw || !device.Entry.HmacAccessor ? value : device.Hasher.Hash(value);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode?)v)]);

    private static byte[] Serialize(IAuditDevice device, JsonObject line)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(line);
        var prefix = device.Entry.Prefix;
        return prefix.Length == 0 ? json : [.. System.Text.Encoding.UTF8.GetBytes(prefix), .. json];
    }
}
