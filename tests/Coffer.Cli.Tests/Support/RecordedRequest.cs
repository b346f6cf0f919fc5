using System.Text.Json.Nodes;

namespace Coffer.Cli.Tests.Support;

/// <summary>One request as the recording server received it.</summary>
internal sealed record RecordedRequest(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public JsonObject BodyJson => (JsonObject)JsonNode.Parse(Body)!;
}
