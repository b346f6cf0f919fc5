using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Coffer.Core.Barrier;

/// <summary>
/// The ciphertext layout of every value the barrier writes (Vault's layout):
/// key term (4 bytes, big-endian) ‖ version 0x02 ‖ random nonce (12) ‖ AES-GCM ciphertext ‖ tag (16).
/// The term and version are not authenticated directly, but altering either selects a different key
/// or is rejected outright, so the tag check still fails.
/// </summary>
internal static class BarrierEnvelope
{
    public const byte Version = 0x02;
    public const int TermSize = sizeof(uint);
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int HeaderSize = TermSize + 1 + NonceSize;
    public const int Overhead = HeaderSize + TagSize;

    public static int SealedLength(int plaintextLength) => checked(Overhead + plaintextLength);

    /// <summary>Reads the term of a well-formed envelope; false for anything too short, of another version, or out of range.</summary>
    public static bool TryReadTerm(ReadOnlySpan<byte> envelope, out int term)
    {
        term = 0;
        if (envelope.Length < Overhead || envelope[TermSize] != Version)
        {
            return false;
        }

        var raw = BinaryPrimitives.ReadUInt32BigEndian(envelope);
        if (raw > int.MaxValue)
        {
            return false;
        }

        term = (int)raw;
        return true;
    }

    /// <summary>Encrypts into <paramref name="destination"/>, which must be exactly <see cref="SealedLength"/> bytes.</summary>
    public static void Seal(AesGcm aes, int term, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> plaintext, Span<byte> destination)
    {
        if (destination.Length != SealedLength(plaintext.Length))
        {
            throw new ArgumentException("destination has the wrong length", nameof(destination));
        }

        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)term);
        destination[TermSize] = Version;
        var nonce = destination.Slice(TermSize + 1, NonceSize);
        NonceSource.Fill(nonce);
        var ciphertext = destination.Slice(HeaderSize, plaintext.Length);
        var tag = destination[^TagSize..];
        aes.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
    }

    /// <summary>
    /// Decrypts a well-formed envelope into <paramref name="destination"/> (envelope length minus
    /// <see cref="Overhead"/> bytes). On failure the destination is left zeroed and false is returned.
    /// </summary>
    public static bool TryOpen(AesGcm aes, ReadOnlySpan<byte> associatedData, ReadOnlySpan<byte> envelope, Span<byte> destination)
    {
        if (envelope.Length < Overhead || destination.Length != envelope.Length - Overhead)
        {
            throw new ArgumentException("destination has the wrong length", nameof(destination));
        }

        var nonce = envelope.Slice(TermSize + 1, NonceSize);
        var ciphertext = envelope.Slice(HeaderSize, destination.Length);
        var tag = envelope[^TagSize..];
        try
        {
            aes.Decrypt(nonce, ciphertext, tag, destination, associatedData);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(destination);
            return false;
        }
    }
}
