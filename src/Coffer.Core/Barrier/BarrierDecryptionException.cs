namespace Coffer.Core.Barrier;

/// <summary>
/// A barrier ciphertext did not authenticate: it was altered, truncated, moved to another path, or
/// written under a key term this keyring does not hold. Callers decide what that means (a batch token
/// that fails to decrypt is simply invalid; a stored entry that fails is corruption).
/// The message never names the path or includes any byte of the value.
/// </summary>
internal sealed class BarrierDecryptionException : Exception
{
    public BarrierDecryptionException()
        : base("the barrier could not authenticate the ciphertext")
    {
    }

    public BarrierDecryptionException(string message)
        : base(message)
    {
    }

    public BarrierDecryptionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
