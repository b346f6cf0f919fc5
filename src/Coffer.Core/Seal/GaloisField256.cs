namespace Coffer.Core.Seal;

/// <summary>
/// Arithmetic in GF(2^8) reduced by the AES polynomial x^8 + x^4 + x^3 + x + 1 (0x11B).
/// Multiplication goes through log/exp tables and masks the zero case arithmetically instead of
/// branching on it, so the work done does not depend on whether a share byte happens to be zero.
/// </summary>
internal static class GaloisField256
{
    private const int ReductionPolynomial = 0x11B;

    // 3 generates the multiplicative group of this field (2 does not), so its powers enumerate
    // all 255 non-zero elements. Exp is doubled so that log a + log b never needs a modulo.
    private static readonly byte[] Exp = new byte[510];
    private static readonly byte[] Log = new byte[256];

    static GaloisField256()
    {
        var value = 1;
        for (var power = 0; power < 255; power++)
        {
            Exp[power] = (byte)value;
            Exp[power + 255] = (byte)value;
            Log[value] = (byte)power;
            value = MultiplyByThree(value);
        }
    }

    public static byte Add(byte a, byte b) => (byte)(a ^ b);

    public static byte Multiply(byte a, byte b)
    {
        var product = Exp[Log[a] + Log[b]];
        return (byte)(product & NonZeroMask(a) & NonZeroMask(b));
    }

    /// <summary>a / b for b ≠ 0.</summary>
    public static byte Divide(byte a, byte b)
    {
        if (b == 0)
        {
            throw new DivideByZeroException("division by zero in GF(2^8)");
        }

        var quotient = Exp[Log[a] + 255 - Log[b]];
        return (byte)(quotient & NonZeroMask(a));
    }

    /// <summary>0xFF when <paramref name="value"/> is non-zero, 0x00 when it is zero, without a branch.</summary>
    private static int NonZeroMask(byte value) => ~((value - 1) >> 8) & 0xFF;

    private static int MultiplyByThree(int value)
    {
        var doubled = value << 1;
        if ((doubled & 0x100) != 0)
        {
            doubled ^= ReductionPolynomial;
        }

        return doubled ^ value;
    }
}
