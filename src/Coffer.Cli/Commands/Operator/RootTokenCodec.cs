using System.Security.Cryptography;
using System.Text;

namespace Coffer.Cli.Commands.Operator;

/// <summary>
/// The one-time-password scheme of generate-root: the server returns the new token XOR-ed byte by byte
/// with the OTP, in standard base64 without padding; the operator decodes it with the same OTP.
/// </summary>
internal static class RootTokenCodec
{
    private const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string Encode(string token, string otp)
    {
        var bytes = Xor(Encoding.ASCII.GetBytes(token), Encoding.ASCII.GetBytes(otp));
        return Convert.ToBase64String(bytes).TrimEnd('=');
    }

    /// <exception cref="FormatException">The encoded value is not base64 or does not match the OTP's length.</exception>
    public static string Decode(string encoded, string otp)
    {
        byte[] bytes;
        try
        {
            var unpadded = encoded.Trim().TrimEnd('=');
            bytes = Convert.FromBase64String(unpadded + new string('=', (4 - unpadded.Length % 4) % 4));
        }
        catch (FormatException ex)
        {
            throw new FormatException("error decoding base64'd token: " + ex.Message, ex);
        }
        return Encoding.ASCII.GetString(Xor(bytes, Encoding.ASCII.GetBytes(otp)));
    }

    /// <summary>A random base62 string, the alphabet the server accepts for an OTP.</summary>
    public static string GenerateOtp(int length) => RandomNumberGenerator.GetString(Base62, length);

    private static byte[] Xor(byte[] left, byte[] right)
    {
        if (left.Length != right.Length)
        {
            throw new FormatException($"error xoring token: length of byte slices is not equivalent: {left.Length} != {right.Length}");
        }
        var result = new byte[left.Length];
        for (var i = 0; i < left.Length; i++)
        {
            result[i] = (byte)(left[i] ^ right[i]);
        }
        return result;
    }
}
