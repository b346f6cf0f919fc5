using Coffer.Sdk.Errors;

namespace Coffer.Server.Http;

/// <summary>The one place that knows which HTTP status code each kind of error gets (Vault's rules).</summary>
internal static class ErrorMapper
{
    public static int StatusCode(ErrorKind kind) => kind switch
    {
        ErrorKind.InvalidRequest => StatusCodes.Status400BadRequest,
        ErrorKind.PermissionDenied => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.UnsupportedPath => StatusCodes.Status404NotFound,
        ErrorKind.UnsupportedOperation => StatusCodes.Status405MethodNotAllowed,
        ErrorKind.RequestTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorKind.Sealed => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Standby => StatusCodes.Status503ServiceUnavailable,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
