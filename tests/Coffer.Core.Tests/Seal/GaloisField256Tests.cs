using Coffer.Core.Seal;

namespace Coffer.Core.Tests.Seal;

public sealed class GaloisField256Tests
{
    [Theory]
    // The worked products of FIPS-197 section 4.2 pin the field to the AES polynomial.
    [InlineData(0x57, 0x83, 0xC1)]
    [InlineData(0x57, 0x13, 0xFE)]
    [InlineData(0x57, 0x02, 0xAE)]
    [InlineData(0x57, 0x04, 0x47)]
    [InlineData(0x57, 0x08, 0x8E)]
    [InlineData(0x57, 0x10, 0x07)]
    public void Multiply_Fips197Examples_MatchTheStandard(int a, int b, int expected)
    {
        Assert.Equal((byte)expected, GaloisField256.Multiply((byte)a, (byte)b));
        Assert.Equal((byte)expected, GaloisField256.Multiply((byte)b, (byte)a));
    }

    [Fact]
    public void Multiply_EveryPair_MatchesShiftAndAddReference()
    {
        for (var a = 0; a < 256; a++)
        {
            for (var b = 0; b < 256; b++)
            {
                Assert.Equal(ReferenceMultiply((byte)a, (byte)b), GaloisField256.Multiply((byte)a, (byte)b));
            }
        }
    }

    [Fact]
    public void Divide_EveryPair_InvertsMultiply()
    {
        for (var a = 0; a < 256; a++)
        {
            for (var b = 1; b < 256; b++)
            {
                var product = GaloisField256.Multiply((byte)a, (byte)b);
                Assert.Equal((byte)a, GaloisField256.Divide(product, (byte)b));
            }
        }
    }

    [Fact]
    public void Divide_ByZero_Throws()
    {
        Assert.Throws<DivideByZeroException>(() => GaloisField256.Divide(1, 0));
    }

    /// <summary>Carry-less multiplication with reduction, the textbook definition, independent of the tables.</summary>
    private static byte ReferenceMultiply(byte a, byte b)
    {
        var result = 0;
        int x = a;
        for (var bit = 0; bit < 8; bit++)
        {
            if ((b & (1 << bit)) != 0)
            {
                result ^= x;
            }

            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= 0x11B;
            }
        }

        return (byte)result;
    }
}
