using System.Text.Json.Nodes;

namespace Coffer.Sdk.Logical;

/// <summary>
/// A request as every backend sees it: no HTTP types cross this line. The edge fills the client-side
/// fields; the pipeline fills the caller's identity; the router fills the mount fields and storage.
/// </summary>
public sealed class LogicalRequest
{
    public LogicalRequest(Operation operation, string path, JsonObject? data = null)
    {
        Operation = operation;
        Path = path;
        Data = data ?? new JsonObject();
    }

    /// <summary>UUID of this request, echoed as <c>request_id</c>.</summary>
    public string Id { get; init; } = Guid.NewGuid().ToString();

    public Operation Operation { get; set; }

    /// <summary>The path below the mount once routed; the full path (without <c>/v1/</c>) before.</summary>
    public string Path { get; set; }

    /// <summary>Request body fields and query parameters.</summary>
    public JsonObject Data { get; set; }

    /// <summary>
    /// The request body itself, for the few paths whose body is not JSON (a snapshot upload); then <see cref="Data"/>
    /// holds the query parameters only. Null for every other request. The edge owns and disposes it.
    /// </summary>
    public Stream? Body { get; set; }

    public string ClientToken { get; set; } = string.Empty;

    /// <summary>Requested response-wrapping TTL, or null when the response is not to be wrapped.</summary>
    public TimeSpan? WrapTtl { get; set; }

    /// <summary>Remote address of the client, for bound CIDR checks and audit.</summary>
    public string RemoteAddress { get; set; } = string.Empty;

    /// <summary>Request headers the backend may need (lower-case names).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>();

    // Filled by the pipeline after authentication.

    /// <summary>The caller's token accessor ("" for root-less or unauthenticated requests).</summary>
    public string ClientTokenAccessor { get; set; } = string.Empty;

    public string DisplayName { get; set; } = string.Empty;

    public string EntityId { get; set; } = string.Empty;

    /// <summary>True when the caller holds <c>sudo</c> on this path (or is root).</summary>
    public bool RootPrivileges { get; set; }

    /// <summary>True when the path is unauthenticated and no token was checked.</summary>
    public bool Unauthenticated { get; set; }

    // Filled by the router.

    /// <summary>The mount point with a trailing slash, e.g. <c>secret/</c>.</summary>
    public string MountPoint { get; set; } = string.Empty;

    public string MountType { get; set; } = string.Empty;

    public string MountAccessor { get; set; } = string.Empty;

    /// <summary>The mount's own storage (a view of the barrier under its UUID prefix).</summary>
    public IStorage? Storage { get; set; }

    /// <summary>The full request path (mount point + path).</summary>
    public string FullPath => MountPoint + Path;

    /// <summary>
    /// What the backend's existence check read, kept for its handler so that one request does not read the same
    /// record twice. Only the backend that sets it knows its type, and it must check that the record is still
    /// current before using it (the check runs before the handler takes any lock). Null when nothing was kept.
    /// </summary>
    public object? ExistenceCheckState { get; set; }

    /// <summary>
    /// The framework's route match for <see cref="Path"/>, made by the existence check and reused by the handler, so
    /// that a write matches its path once. Only the framework reads it, and only for the same path and backend.
    /// </summary>
    internal object? RouteMatch { get; set; }
}
