namespace Coffer.Sdk.Logical;

/// <summary>A mounted backend: <c>sys/</c>, <c>auth/token/</c>, a KV engine.</summary>
public interface ILogicalBackend
{
    /// <summary>
    /// For a write, whether the target already exists (so the request is an update, not a create);
    /// null when the path has no existence check, in which case writes are updates.
    /// </summary>
    Task<bool?> ExistsAsync(LogicalRequest request, CancellationToken cancellationToken);

    /// <summary>Handles the request; null means success with nothing to return (HTTP 204).</summary>
    Task<LogicalResponse?> HandleAsync(LogicalRequest request, CancellationToken cancellationToken);

    /// <summary>Paths below the mount that need no token, and paths that need sudo.</summary>
    SpecialPaths SpecialPaths { get; }

    /// <summary>
    /// Whether a read or list on this backend can change anything (a backend that issues credentials on read, say).
    /// When it cannot, Core writes a read's audit request line together with its response line, once the read is
    /// done and before anything is returned; otherwise the request line is written first, as for every write.
    /// </summary>
    bool ReadsHaveSideEffects => false;
}
