namespace Coffer.Core.Policies;

/// <summary>
/// Policy text that cannot be used. The message is Vault's, starting <c>failed to parse policy: </c>; the
/// policy endpoints return it as a 400.
/// </summary>
public sealed class PolicyParseException : Exception
{
    public const string Prefix = "failed to parse policy: ";

    public PolicyParseException(string detail)
        : base(Prefix + detail)
    {
        Detail = detail;
    }

    /// <summary>The message without the <c>failed to parse policy: </c> prefix.</summary>
    public string Detail { get; }
}
