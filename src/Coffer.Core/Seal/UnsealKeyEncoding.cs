using System.Security.Cryptography;
using Coffer.Sdk.Errors;

namespace Coffer.Core.Seal;

/// <summary>
/// The text forms of unseal key shares: <c>sys/init</c> returns each share as lower-case hex
/// (<c>keys</c>) and padded standard base64 (<c>keys_base64</c>); <c>sys/unseal</c> and the
/// generate-root/rekey updates accept either.
/// </summary>
public static class UnsealKeyEncoding
{
    /// <summary>The shortest barrier key (AES-128) as an unsplit key.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>The longest barrier key (AES-256) plus the Shamir share's x-coordinate.</summary>
    public const int MaximumKeyLength = 32 + Shamir.ShareOverhead;

    public static string ToHex(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(key);

    public static string ToBase64(ReadOnlySpan<byte> key) => Convert.ToBase64String(key);

    /// <summary>
    /// Decodes a submitted share. Hex wins only when it yields a plausible key length, because some
    /// base64 strings are also valid hex (e.g. all digits) and would otherwise decode to the wrong bytes.
    /// </summary>
    /// <exception cref="CofferException">InvalidRequest with the message <c>sys/unseal</c> returns.</exception>
    public static byte[] Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        if (!TryDecodeHex(encoded, out var key) || key.Length < MinimumKeyLength || key.Length > MaximumKeyLength)
        {
            key = TryDecodeBase64(encoded)
                ?? throw CofferException.BadRequest("'key' must be a valid hex or base64 string");
        }

        if (key.Length < MinimumKeyLength)
        {
            throw CofferException.BadRequest($"invalid key: key is shorter than minimum {MinimumKeyLength} bytes");
        }

        if (key.Length > MaximumKeyLength)
        {
            throw CofferException.BadRequest($"invalid key: key is longer than maximum {MaximumKeyLength} bytes");
        }

        return key;
    }

    private static bool TryDecodeHex(string encoded, out byte[] key)
    {
        key = [];
        if (encoded.Length % 2 != 0)
        {
            return false;
        }

        foreach (var c in encoded)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }

        key = Convert.FromHexString(encoded);
        return true;
    }

    private static byte[]? TryDecodeBase64(string encoded)
    {
        // Decoded length never exceeds 3/4 of the text; the buffer is trimmed to what was written
        // and then wiped, so no stray copy of the share outlives this call.
        var buffer = new byte[(encoded.Length * 3 / 4) + 3];
        try
        {
            return Convert.TryFromBase64String(encoded, buffer, out var written) ? buffer.AsSpan(0, written).ToArray() : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
