namespace Coffer.Sdk.Errors;

/// <summary>
/// A failure with a kind and the messages that go into Vault's <c>{"errors":[...]}</c> envelope.
/// Messages are shown to clients: they must never contain tokens, keys or secret values.
/// </summary>
public sealed class CofferException : Exception
{
    public CofferException(ErrorKind kind, string message)
        : this(kind, [message])
    {
    }

    public CofferException(ErrorKind kind, IReadOnlyList<string> errors)
        : base(errors.Count == 0 ? kind.ToString() : string.Join("; ", errors))
    {
        Kind = kind;
        Errors = errors;
    }

    public ErrorKind Kind { get; }

    /// <summary>The strings of the error envelope; may be empty (Vault sends <c>[]</c> for some 404s).</summary>
    public IReadOnlyList<string> Errors { get; }

    public static CofferException BadRequest(string message) => new(ErrorKind.InvalidRequest, message);

    public static CofferException NotFound() => new(ErrorKind.NotFound, Array.Empty<string>());

    public static CofferException PermissionDenied() => new(ErrorKind.PermissionDenied, "permission denied");

    /// <summary>Vault 1.17+ wording for a revoked, expired or unknown token; clients match on it.</summary>
    public static CofferException InvalidToken() =>
        new(ErrorKind.PermissionDenied, "2 errors occurred:\n\t* permission denied\n\t* invalid token\n\n");

    /// <summary>
    /// A token that was valid but has run out: Vault's invalid-token wording (which clients match on) plus when it
    /// expired, so an operator holding a DR batch token sees why it stopped working.
    /// </summary>
    public static CofferException ExpiredToken(DateTimeOffset expiredAt) =>
        new(ErrorKind.PermissionDenied, $"3 errors occurred:\n\t* permission denied\n\t* invalid token\n\t* token expired at {expiredAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}\n\n");

    public static CofferException SealedError() => new(ErrorKind.Sealed, "Vault is sealed");
}
