namespace Coffer.Core.Tokens;

/// <summary>Token type names and prefixes as Vault writes them.</summary>
public static class TokenTypes
{
    public const string Service = "service";
    public const string Batch = "batch";
    public const string ServicePrefix = "hvs.";
    public const string BatchPrefix = "hvb.";
    public const string RecoveryPrefix = "hvr.";

    /// <summary>Random body length of a root (and any short-form service) token; makes the OTP 28 characters.</summary>
    public const int RandomBodyLength = 24;
}
