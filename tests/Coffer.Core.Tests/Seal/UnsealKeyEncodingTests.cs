using Coffer.Core.Seal;
using Coffer.Sdk.Errors;
using CsCheck;

namespace Coffer.Core.Tests.Seal;

public sealed class UnsealKeyEncodingTests
{
    [Fact]
    public void Decode_HexOrBase64OfAnyValidLength_RoundTrips()
    {
        Gen.Byte.Array[16, 33].Sample(key =>
        {
            Assert.Equal(key, UnsealKeyEncoding.Decode(UnsealKeyEncoding.ToHex(key)));
            Assert.Equal(key, UnsealKeyEncoding.Decode(UnsealKeyEncoding.ToBase64(key)));
        });
    }

    [Fact]
    public void ToHex_Key_IsLowerCase()
    {
        Assert.Equal("abcdef0123456789abcdef0123456789", UnsealKeyEncoding.ToHex(Convert.FromHexString("ABCDEF0123456789ABCDEF0123456789")));
    }

    [Fact]
    public void ToBase64_Key_IsPaddedStandardAlphabet()
    {
        var key = Enumerable.Repeat((byte)0xFB, 16).ToArray();
        Assert.Equal("+/v7+/v7+/v7+/v7+/v7+w==", UnsealKeyEncoding.ToBase64(key));
    }

    [Fact]
    public void Decode_UpperCaseHex_IsAccepted()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray();
        Assert.Equal(key, UnsealKeyEncoding.Decode(Convert.ToHexString(key)));
    }

    [Fact]
    public void Decode_HexOfImplausibleLengthThatIsBase64_DecodesAsBase64()
    {
        // 24 hex digits would be a 12-byte key (too short), so the text is read as base64 instead.
        const string text = "001122334455667788990011";
        Assert.Equal(Convert.FromBase64String(text), UnsealKeyEncoding.Decode(text));
        Assert.Equal(18, UnsealKeyEncoding.Decode(text).Length);
    }

    [Theory]
    [InlineData("not a key!")]
    [InlineData("abc")]
    [InlineData("####")]
    public void Decode_NeitherHexNorBase64_ThrowsInvalidEncoding(string text)
    {
        var exception = Assert.Throws<CofferException>(() => UnsealKeyEncoding.Decode(text));
        Assert.Equal(ErrorKind.InvalidRequest, exception.Kind);
        Assert.Equal(["'key' must be a valid hex or base64 string"], exception.Errors);
    }

    [Fact]
    public void Decode_TooShort_ThrowsMinimumLength()
    {
        var exception = Assert.Throws<CofferException>(() => UnsealKeyEncoding.Decode(Convert.ToBase64String(new byte[15])));
        Assert.Equal(ErrorKind.InvalidRequest, exception.Kind);
        Assert.Equal(["invalid key: key is shorter than minimum 16 bytes"], exception.Errors);
    }

    [Fact]
    public void Decode_TooLong_ThrowsMaximumLength()
    {
        var exception = Assert.Throws<CofferException>(() => UnsealKeyEncoding.Decode(Convert.ToBase64String(new byte[34])));
        Assert.Equal(ErrorKind.InvalidRequest, exception.Kind);
        Assert.Equal(["invalid key: key is longer than maximum 33 bytes"], exception.Errors);
    }

    [Fact]
    public void Decode_LongHex_FallsBackToBase64AndIsTooLong()
    {
        // 34 bytes of hex is outside the range, and as base64 the same text is longer still.
        var exception = Assert.Throws<CofferException>(() => UnsealKeyEncoding.Decode(Convert.ToHexString(new byte[34])));
        Assert.Equal(["invalid key: key is longer than maximum 33 bytes"], exception.Errors);
    }

    [Fact]
    public void Decode_Empty_ThrowsMinimumLength()
    {
        var exception = Assert.Throws<CofferException>(() => UnsealKeyEncoding.Decode(string.Empty));
        Assert.Equal(["invalid key: key is shorter than minimum 16 bytes"], exception.Errors);
    }
}
