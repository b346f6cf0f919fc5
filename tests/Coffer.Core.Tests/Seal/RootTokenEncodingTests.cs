using Coffer.Core.Crypto;
using Coffer.Core.Seal;
using CsCheck;

namespace Coffer.Core.Tests.Seal;

public sealed class RootTokenEncodingTests
{
    private const string Token = "hvs.abcdefghijklmnopqrstuvwx";
    private const string Otp = "0123456789ABCDEFGHIJKLMNOPQR";
    private const string Encoded = "WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg";

    [Fact]
    public void Encode_SpecVector_MatchesExpected()
    {
        Assert.Equal(Encoded, RootTokenEncoding.Encode(Token, Otp));
    }

    [Fact]
    public void Decode_SpecVector_RecoversToken()
    {
        Assert.Equal(Token, RootTokenEncoding.Decode(Encoded, Otp));
    }

    [Fact]
    public void Decode_PaddedInput_IsTolerated()
    {
        Assert.Equal(Token, RootTokenEncoding.Decode(Encoded + "==", Otp));
    }

    [Fact]
    public void EncodeThenDecode_RandomTokenAndOtp_RoundTrips()
    {
        Gen.Int[1, 64].Sample(length =>
        {
            var token = Base62.Random(length);
            var otp = RootTokenEncoding.GenerateOtp(length);
            var encoded = RootTokenEncoding.Encode(token, otp);
            Assert.DoesNotContain('=', encoded);
            Assert.Equal(token, RootTokenEncoding.Decode(encoded, otp));
        });
    }

    [Fact]
    public void Encode_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => RootTokenEncoding.Encode(Token, Otp[..^1]));
    }

    [Fact]
    public void Decode_LengthMismatch_Throws()
    {
        Assert.Throws<ArgumentException>(() => RootTokenEncoding.Decode(Encoded, Otp + "S"));
    }

    [Fact]
    public void Decode_NotBase64_Throws()
    {
        Assert.Throws<ArgumentException>(() => RootTokenEncoding.Decode("!!!!", "abc"));
        Assert.Throws<ArgumentException>(() => RootTokenEncoding.Decode("A", "a"));
    }

    [Fact]
    public void GenerateOtp_Length28_IsBase62OfThatLength()
    {
        var otp = RootTokenEncoding.GenerateOtp(28);
        Assert.Equal(28, otp.Length);
        Assert.True(Base62.IsBase62(otp));
    }

    [Fact]
    public void GenerateOtp_ManySamples_UseTheWholeAlphabetAndNothingElse()
    {
        // 20,000 draws miss a given character with probability (61/62)^20000 ≈ 1e-142.
        var seen = RootTokenEncoding.GenerateOtp(20_000).ToHashSet();
        Assert.Equal(Base62.Alphabet.ToHashSet(), seen);
    }

    [Fact]
    public void Base62Random_NegativeLength_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Base62.Random(-1));
        Assert.Equal(string.Empty, Base62.Random(0));
    }
}
