namespace Coffer.Sdk.Logical;

/// <summary>A response the edge writes verbatim, outside the JSON envelope (e.g. Prometheus metrics, snapshots).</summary>
public sealed record RawResponse(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body);
