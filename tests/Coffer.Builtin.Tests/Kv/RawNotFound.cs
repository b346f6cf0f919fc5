using System.Text.Json.Nodes;
using Coffer.Sdk.Logical;

namespace Coffer.Builtin.Tests.Kv;

/// <summary>Reads the 404 responses the KV engine writes itself (a whole envelope as the body).</summary>
internal static class RawNotFound
{
    public static JsonObject Body(LogicalResponse? response)
    {
        Assert.NotNull(response);
        var raw = Assert.IsType<RawResponse>(response.Raw);
        Assert.Equal(404, raw.StatusCode);
        Assert.Equal("application/json", raw.ContentType);
        return JsonNode.Parse(raw.Body.Span)!.AsObject();
    }
}
