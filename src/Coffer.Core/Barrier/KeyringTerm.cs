namespace Coffer.Core.Barrier;

/// <summary>One data-encryption key of the keyring. The key array is shared, never copied, so sealing can wipe it.</summary>
internal sealed class KeyringTerm
{
    /// <summary>Keyring keys are always AES-256.</summary>
    public const int KeySize = 32;

    public KeyringTerm(int term, byte[] key, DateTimeOffset installTime)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(term, 1);
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"a keyring key must be {KeySize} bytes", nameof(key));
        }

        Term = term;
        Key = key;
        InstallTime = installTime;
    }

    public int Term { get; }

    public byte[] Key { get; }

    public DateTimeOffset InstallTime { get; }
}
