namespace Coffer.Core.Tokens;

/// <summary>The <c>token_type</c> values a role accepts.</summary>
public static class TokenRoleTypes
{
    public const string Service = "service";
    public const string Batch = "batch";
    public const string DefaultService = "default-service";
    public const string DefaultBatch = "default-batch";

    public static bool IsValid(string value) => value is Service or Batch or DefaultService or DefaultBatch;

    /// <summary>The type a token gets from a role's setting and the request's <c>type</c> ("" when absent).</summary>
    public static string Resolve(string roleType, string requested) => roleType switch
    {
        Service => TokenTypes.Service,
        Batch => TokenTypes.Batch,
        DefaultBatch => requested.Length > 0 ? requested : TokenTypes.Batch,
        _ => requested.Length > 0 ? requested : TokenTypes.Service,
    };
}
