namespace Coffer.Core.Seal;

/// <summary>How the root key is split: stored in plaintext so a sealed server can report it.</summary>
public sealed record SealConfig(int SecretShares, int SecretThreshold)
{
    public const string Type = "shamir";

    /// <summary>Vault's validation rules and messages for <c>sys/init</c>.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SecretShares < 1)
        {
            errors.Add("shares must be at least one");
        }

        if (SecretThreshold < 1)
        {
            errors.Add("threshold must be at least one");
        }

        if (SecretShares > 1 && SecretThreshold == 1)
        {
            errors.Add("threshold must be greater than one for multiple shares");
        }

        if (SecretShares > 255)
        {
            errors.Add("shares must be less than 256");
        }

        if (SecretThreshold > 255)
        {
            errors.Add("threshold must be less than 256");
        }

        if (SecretThreshold > SecretShares)
        {
            errors.Add("threshold cannot be larger than shares");
        }

        return errors;
    }
}
