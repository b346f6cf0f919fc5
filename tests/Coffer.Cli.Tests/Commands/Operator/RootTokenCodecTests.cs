using CsCheck;
using Coffer.Cli.Commands.Operator;

namespace Coffer.Cli.Tests.Commands.Operator;

public sealed class RootTokenCodecTests
{
    private const string Token = "hvs.abcdefghijklmnopqrstuvwx";
    private const string Otp = "0123456789ABCDEFGHIJKLMNOPQR";
    private const string Encoded = "WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg";

    [Fact]
    public void Encode_SpecVector_GivesUnpaddedBase64()
    {
        Assert.Equal(Encoded, RootTokenCodec.Encode(Token, Otp));
    }

    [Fact]
    public void Decode_SpecVector_GivesToken()
    {
        Assert.Equal(Token, RootTokenCodec.Decode(Encoded, Otp));
    }

    [Fact]
    public void Decode_PaddedInputWithWhitespace_IsAccepted()
    {
        Assert.Equal(Token, RootTokenCodec.Decode(" " + Encoded + "==\n", Otp));
    }

    [Fact]
    public void Decode_OtpOfOtherLength_Fails()
    {
        var ex = Assert.Throws<FormatException>(() => RootTokenCodec.Decode(Encoded, Otp[..26]));

        Assert.Equal("error xoring token: length of byte slices is not equivalent: 28 != 26", ex.Message);
    }

    [Fact]
    public void Decode_NotBase64_Fails()
    {
        var ex = Assert.Throws<FormatException>(() => RootTokenCodec.Decode("***", Otp));

        Assert.StartsWith("error decoding base64'd token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GenerateOtp_IsBase62OfRequestedLength()
    {
        var otp = RootTokenCodec.GenerateOtp(28);

        Assert.Equal(28, otp.Length);
        Assert.All(otp, c => Assert.True(char.IsAsciiLetterOrDigit(c)));
    }

    [Fact]
    public void EncodeDecode_Property_RoundTrips()
    {
        const string Base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var gen =
            from n in Gen.Int[1, 64]
            from token in Gen.String[Gen.Char["abcXYZ019."], n, n]
            from otp in Gen.String[Gen.Char[Base62], n, n]
            select (token, otp);
        gen.Sample(pair => Assert.Equal(pair.token, RootTokenCodec.Decode(RootTokenCodec.Encode(pair.token, pair.otp), pair.otp)));
    }
}
