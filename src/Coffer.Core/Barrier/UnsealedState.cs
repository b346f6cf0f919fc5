using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Coffer.Core.Barrier;

/// <summary>
/// Everything the barrier holds while unsealed, swapped as one reference so an operation always sees
/// a consistent keyring, cipher set and root key. Rotation builds a new state that reuses the ciphers
/// (and encryption counters) of the terms it keeps.
/// </summary>
internal sealed class UnsealedState
{
    private readonly TermCipher[] _ciphers;

    private UnsealedState(Keyring keyring, TermCipher[] ciphers, byte[] rootKey)
    {
        Keyring = keyring;
        _ciphers = ciphers;
        RootKey = rootKey;
    }

    public Keyring Keyring { get; }

    /// <summary>Kept so rotation can re-encrypt the keyring; owned by this state, zeroed on destroy.</summary>
    public byte[] RootKey { get; }

    public TermCipher Active => _ciphers[^1];

    /// <summary>Takes ownership of both <paramref name="keyring"/> and <paramref name="rootKey"/>.</summary>
    public static UnsealedState Create(Keyring keyring, byte[] rootKey) =>
        new(keyring, keyring.Terms.Select(t => new TermCipher(t)).ToArray(), rootKey);

    public bool TryGetCipher(int term, [NotNullWhen(true)] out TermCipher? cipher)
    {
        // Newest first: most reads hit recent terms.
        for (var i = _ciphers.Length - 1; i >= 0; i--)
        {
            if (_ciphers[i].Term == term)
            {
                cipher = _ciphers[i];
                return true;
            }
        }

        cipher = null;
        return false;
    }

    /// <summary>The state for a keyring derived from this one by rotation.</summary>
    public UnsealedState WithKeyring(Keyring rotated)
    {
        var ciphers = rotated.Terms
            .Select(t => TryGetCipher(t.Term, out var existing) ? existing : new TermCipher(t))
            .ToArray();
        return new UnsealedState(rotated, ciphers, RootKey);
    }

    /// <summary>The same keys under a new root key; the caller zeroes the old root key afterwards.</summary>
    public UnsealedState WithRootKey(byte[] rootKey) => new(Keyring, _ciphers, rootKey);

    /// <summary>Disposes the ciphers, then wipes the keys they were built from and the root key.</summary>
    public void Destroy()
    {
        foreach (var cipher in _ciphers)
        {
            cipher.Destroy();
        }

        Keyring.ZeroKeys();
        CryptographicOperations.ZeroMemory(RootKey);
    }
}
