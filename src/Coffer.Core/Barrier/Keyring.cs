using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Coffer.Core.Barrier;

/// <summary>
/// The barrier's data-encryption keys, one per term, oldest first; the highest term encrypts new
/// writes and every term still decrypts. Immutable: rotation returns a new keyring that shares the
/// older key arrays, which is what lets <see cref="ZeroKeys"/> wipe every copy at seal time.
/// </summary>
internal sealed class Keyring
{
    /// <summary>Bumped whenever the serialised layout changes; older versions stay readable.</summary>
    private const byte FormatVersion = 1;

    private const int HeaderSize = 1 + sizeof(int);
    private const int TermSize = sizeof(int) + sizeof(long) + KeyringTerm.KeySize;

    private readonly KeyringTerm[] _terms;

    private Keyring(KeyringTerm[] terms)
    {
        _terms = terms;
    }

    public IReadOnlyList<KeyringTerm> Terms => _terms;

    public KeyringTerm Active => _terms[^1];

    public static Keyring Create(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return new Keyring([new KeyringTerm(1, AesGcmBarrier.GenerateKey(), time.GetUtcNow())]);
    }

    /// <summary>A keyring with one more term, holding a fresh key, installed now.</summary>
    public Keyring Rotate(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        var next = new KeyringTerm(checked(Active.Term + 1), AesGcmBarrier.GenerateKey(), time.GetUtcNow());
        return new Keyring([.. _terms, next]);
    }

    /// <summary>
    /// This keyring plus the terms of <paramref name="stored"/> newer than its active term (another node rotated the
    /// shared keyring). The terms kept are this keyring's own objects, so ciphers built on them stay valid; the keys
    /// of <paramref name="stored"/> that are not taken are wiped. Returns this keyring when nothing is newer.
    /// </summary>
    public Keyring WithNewerTermsOf(Keyring stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var newer = stored._terms.Where(t => t.Term > Active.Term).ToArray();
        foreach (var known in stored._terms.Where(t => t.Term <= Active.Term))
        {
            CryptographicOperations.ZeroMemory(known.Key);
        }

        return newer.Length == 0 ? this : new Keyring([.. _terms, .. newer]);
    }

    public bool TryGetTerm(int term, [NotNullWhen(true)] out KeyringTerm? key)
    {
        // Keyrings hold a handful of terms; a scan beats a dictionary here.
        foreach (var candidate in _terms)
        {
            if (candidate.Term == term)
            {
                key = candidate;
                return true;
            }
        }

        key = null;
        return false;
    }

    /// <summary>
    /// Binary layout (big-endian): format version (1 byte), term count (4), then per term in ascending
    /// order: term (4), install time as UTC ticks (8), key (32). Binary rather than JSON so the key
    /// bytes never pass through immutable strings and the buffer can be wiped by the caller.
    /// </summary>
    public byte[] Serialize()
    {
        var buffer = new byte[HeaderSize + (_terms.Length * TermSize)];
        buffer[0] = FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(1), _terms.Length);
        var offset = HeaderSize;
        foreach (var term in _terms)
        {
            var slot = buffer.AsSpan(offset, TermSize);
            BinaryPrimitives.WriteInt32BigEndian(slot, term.Term);
            BinaryPrimitives.WriteInt64BigEndian(slot[sizeof(int)..], term.InstallTime.UtcTicks);
            term.Key.CopyTo(slot[(sizeof(int) + sizeof(long))..]);
            offset += TermSize;
        }

        return buffer;
    }

    /// <exception cref="FormatException">The data is not a keyring this version understands.</exception>
    public static Keyring Deserialize(ReadOnlySpan<byte> data)
    {
        if (data.Length < HeaderSize || data[0] != FormatVersion)
        {
            throw new FormatException("unsupported keyring format");
        }

        var count = BinaryPrimitives.ReadInt32BigEndian(data[1..]);
        if (count < 1 || (long)count * TermSize != data.Length - HeaderSize)
        {
            throw new FormatException("malformed keyring");
        }

        var terms = new KeyringTerm[count];
        var offset = HeaderSize;
        for (var i = 0; i < count; i++)
        {
            var slot = data.Slice(offset, TermSize);
            var term = BinaryPrimitives.ReadInt32BigEndian(slot);
            var ticks = BinaryPrimitives.ReadInt64BigEndian(slot[sizeof(int)..]);
            if (term < 1 || (i > 0 && term <= terms[i - 1].Term) || ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
            {
                // Keys already copied out must not linger after a rejected keyring.
                new Keyring(terms[..i]).ZeroKeys();
                throw new FormatException("malformed keyring");
            }

            var key = slot[(sizeof(int) + sizeof(long))..].ToArray();
            terms[i] = new KeyringTerm(term, key, new DateTimeOffset(ticks, TimeSpan.Zero));
            offset += TermSize;
        }

        return new Keyring(terms);
    }

    /// <summary>Wipes every key array this keyring references (and so every keyring sharing them).</summary>
    public void ZeroKeys()
    {
        foreach (var term in _terms)
        {
            CryptographicOperations.ZeroMemory(term.Key);
        }
    }
}
