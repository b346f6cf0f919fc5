using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Crypto;

namespace Coffer.Core.Seal;

/// <summary>
/// The one-time-pad scheme of <c>sys/generate-root</c>: the new root token leaves the server only as
/// (token XOR OTP) in unpadded standard base64, so whoever saw the shares but not the OTP learns nothing.
/// </summary>
public static class RootTokenEncoding
{
    /// <summary>A fresh OTP; its length must equal the length of the token it will mask.</summary>
    public static string GenerateOtp(int length) => Base62.Random(length);

    public static string Encode(string token, string otp)
    {
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(otp);
        var tokenBytes = Encoding.UTF8.GetBytes(token);
        var otpBytes = Encoding.UTF8.GetBytes(otp);
        try
        {
            if (tokenBytes.Length != otpBytes.Length)
            {
                throw new ArgumentException("the token and the OTP must have the same length", nameof(otp));
            }

            Xor(tokenBytes, otpBytes);
            return Convert.ToBase64String(tokenBytes).TrimEnd('=');
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tokenBytes);
        }
    }

    /// <summary>Reverses <see cref="Encode"/>; trailing <c>=</c> padding is tolerated.</summary>
    public static string Decode(string encoded, string otp)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        ArgumentNullException.ThrowIfNull(otp);
        var unpadded = encoded.TrimEnd('=');
        if (unpadded.Length % 4 == 1)
        {
            throw new ArgumentException("the encoded token is not valid base64", nameof(encoded));
        }

        var padded = unpadded.PadRight(unpadded.Length + ((4 - (unpadded.Length % 4)) % 4), '=');
        var tokenBytes = new byte[Base64.GetMaxDecodedFromUtf8Length(padded.Length)];
        try
        {
            if (!Convert.TryFromBase64String(padded, tokenBytes, out var written))
            {
                throw new ArgumentException("the encoded token is not valid base64", nameof(encoded));
            }

            var otpBytes = Encoding.UTF8.GetBytes(otp);
            if (written != otpBytes.Length)
            {
                throw new ArgumentException("the encoded token and the OTP must have the same length", nameof(otp));
            }

            var decoded = tokenBytes.AsSpan(0, written);
            Xor(decoded, otpBytes);
            return Encoding.UTF8.GetString(decoded);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(tokenBytes);
        }
    }

    private static void Xor(Span<byte> target, ReadOnlySpan<byte> pad)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] ^= pad[i];
        }
    }
}
