namespace Coffer.Sdk.Errors;

/// <summary>
/// The kind of a failure. The HTTP edge maps each kind to a status code in exactly one place;
/// nothing maps errors by their message text.
/// </summary>
public enum ErrorKind
{
    /// <summary>Bad input from the client (400).</summary>
    InvalidRequest,
    /// <summary>The token may not do this, or the token is not valid (403).</summary>
    PermissionDenied,
    /// <summary>Nothing at this path, or an empty list (404).</summary>
    NotFound,
    /// <summary>No backend route matches the path (404).</summary>
    UnsupportedPath,
    /// <summary>The path exists but not for this operation (405).</summary>
    UnsupportedOperation,
    /// <summary>Request body above the configured limit (413).</summary>
    RequestTooLarge,
    /// <summary>Wrong content type, e.g. PATCH without merge-patch (415).</summary>
    UnsupportedMediaType,
    /// <summary>The server is sealed (503).</summary>
    Sealed,
    /// <summary>The node is a standby and cannot serve or forward the request (503 / 429).</summary>
    Standby,
    /// <summary>A transient condition the client may retry, e.g. leadership moved (503).</summary>
    Unavailable,
    /// <summary>A bug or an unexpected failure (500).</summary>
    Internal,
}
