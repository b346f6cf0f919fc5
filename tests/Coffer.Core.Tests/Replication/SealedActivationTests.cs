using System.Buffers.Text;
using Coffer.Core.Replication;
using Coffer.Sdk.Errors;
using CsCheck;

namespace Coffer.Core.Tests.Replication;

public sealed class SealedActivationTests
{
    [Fact]
    public void SealThenOpen_WithTheMatchingPrivateKey_GivesThePlaintextBack()
    {
        var (privateKey, publicKey) = SealedActivation.CreateKeyPair();

        Gen.Byte.Array[0, 4096].Sample(plaintext =>
        {
            var token = SealedActivation.Seal(publicKey, plaintext);
            Assert.True(SealedActivation.IsSealed(token));
            Assert.Equal(plaintext, SealedActivation.Open(privateKey, token));
        }, iter: 50);
    }

    [Fact]
    public void Open_WithAnotherClustersKey_IsRefused()
    {
        var (_, publicKey) = SealedActivation.CreateKeyPair();
        var (otherPrivateKey, _) = SealedActivation.CreateKeyPair();
        var token = SealedActivation.Seal(publicKey, "activation"u8);

        var error = Assert.Throws<CofferException>(() => SealedActivation.Open(otherPrivateKey, token));
        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("another secondary_public_key", error.Message);
    }

    [Fact]
    public void Open_AnyAlteredByte_IsRefusedNeverMisread()
    {
        var (privateKey, publicKey) = SealedActivation.CreateKeyPair();
        var token = SealedActivation.Seal(publicKey, "activation data"u8);
        var bytes = Base64Url.DecodeFromChars(token.AsSpan(SealedActivation.Prefix.Length));

        Gen.Select(Gen.Int[0, bytes.Length - 1], Gen.Int[0, 7]).Sample((position, bit) =>
        {
            var altered = bytes.ToArray();
            altered[position] ^= (byte)(1 << bit);
            var alteredToken = SealedActivation.Prefix + Base64Url.EncodeToString(altered);
            Assert.Throws<CofferException>(() => SealedActivation.Open(privateKey, alteredToken));
        }, iter: 200);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 !")]
    [InlineData("AAAA")]
    public void Seal_ToSomethingThatIsNotAPublicKey_SaysSo(string publicKey)
    {
        var error = Assert.Throws<CofferException>(() => SealedActivation.Seal(publicKey, "x"u8));
        Assert.Contains("generate-public-key", error.Message);
    }
}
