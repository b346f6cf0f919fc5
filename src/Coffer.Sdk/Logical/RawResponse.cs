namespace Coffer.Sdk.Logical;

/// <summary>A response the edge writes verbatim, outside the JSON envelope (e.g. Prometheus metrics, snapshots).</summary>
public sealed record RawResponse(int StatusCode, string ContentType, ReadOnlyMemory<byte> Body)
{
    /// <summary>
    /// When set, the edge streams the body by calling this after sending the status and headers, instead of writing
    /// <see cref="Body"/>: for bodies too large to hold in memory. A failure part-way truncates the response, so the
    /// format it writes must let a reader detect that.
    /// </summary>
    public Func<Stream, CancellationToken, Task>? WriteBodyAsync { get; init; }
}
