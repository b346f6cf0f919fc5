using System.Security.Cryptography;

namespace Coffer.Core.Crypto;

/// <summary>Random strings over <c>[0-9A-Za-z]</c>, the alphabet of Vault's token bodies and OTPs.</summary>
public static class Base62
{
    public const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    /// <summary>
    /// A cryptographically random string of <paramref name="length"/> characters, each uniformly
    /// distributed: the framework's GetString rejects out-of-range samples instead of reducing them
    /// modulo 62, so no character is favoured.
    /// </summary>
    public static string Random(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        return RandomNumberGenerator.GetString(Alphabet, length);
    }

    /// <summary>True when every character of <paramref name="value"/> belongs to the alphabet.</summary>
    public static bool IsBase62(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
