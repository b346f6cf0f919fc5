using System.Buffers.Binary;
using System.Text;
using Coffer.Core.Barrier;

namespace Coffer.Core.Tests.Barrier;

public sealed class BarrierEnvelopeTests
{
    [Fact]
    public async Task Encrypt_Plaintext_HasTermVersionNonceCiphertextTagLayout()
    {
        var test = await TestBarrier.UnsealedAsync();
        var plaintext = Encoding.UTF8.GetBytes("hello barrier");

        var sealedValue = test.Barrier.Encrypt(string.Empty, plaintext);

        Assert.Equal(4 + 1 + 12 + plaintext.Length + 16, sealedValue.Length);
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32BigEndian(sealedValue));
        Assert.Equal(0x02, sealedValue[4]);
        Assert.DoesNotContain("hello", Encoding.Latin1.GetString(sealedValue), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Encrypt_SamePlaintextTwice_UsesFreshNonces()
    {
        var test = await TestBarrier.UnsealedAsync();
        var first = test.Barrier.Encrypt(string.Empty, new byte[64]);
        var second = test.Barrier.Encrypt(string.Empty, new byte[64]);
        Assert.NotEqual(first.AsSpan(5, 12).ToArray(), second.AsSpan(5, 12).ToArray());
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(70_000)]
    public async Task Decrypt_EncryptedBlob_RoundTrips(int length)
    {
        var test = await TestBarrier.UnsealedAsync();
        var plaintext = Enumerable.Range(0, length).Select(i => (byte)i).ToArray();
        Assert.Equal(plaintext, test.Barrier.Decrypt(string.Empty, test.Barrier.Encrypt(string.Empty, plaintext)));
    }

    [Fact]
    public async Task Decrypt_LongAssociatedData_RoundTripsAndStillBinds()
    {
        var test = await TestBarrier.UnsealedAsync();
        var longPath = "kv/" + new string('é', 600);
        var sealedValue = test.Barrier.Encrypt(longPath, [1, 2, 3]);
        Assert.Equal(new byte[] { 1, 2, 3 }, test.Barrier.Decrypt(longPath, sealedValue));
        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt(longPath + "x", sealedValue));
    }

    [Fact]
    public async Task Decrypt_OtherAssociatedData_Throws()
    {
        var test = await TestBarrier.UnsealedAsync();
        var sealedValue = test.Barrier.Encrypt("secret/a", [1, 2, 3]);
        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt("secret/b", sealedValue));
        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt(string.Empty, sealedValue));
    }

    [Fact]
    public async Task Decrypt_MalformedEnvelopes_Throw()
    {
        var test = await TestBarrier.UnsealedAsync();
        var sealedValue = test.Barrier.Encrypt(string.Empty, [1, 2, 3]);

        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt(string.Empty, []));
        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt(string.Empty, new byte[32]));
        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt(string.Empty, sealedValue[..^1]));

        var otherVersion = sealedValue.ToArray();
        otherVersion[4] = 0x01;
        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt(string.Empty, otherVersion));

        var unknownTerm = sealedValue.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(unknownTerm, 7);
        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt(string.Empty, unknownTerm));

        var hugeTerm = sealedValue.ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(hugeTerm, uint.MaxValue);
        Assert.Throws<BarrierDecryptionException>(() => test.Barrier.Decrypt(string.Empty, hugeTerm));
    }

    [Fact]
    public async Task Decrypt_ValueFromAnotherKeyring_Throws()
    {
        var first = await TestBarrier.UnsealedAsync();
        var second = await TestBarrier.UnsealedAsync();
        var sealedValue = first.Barrier.Encrypt(string.Empty, [1, 2, 3]);
        Assert.Throws<BarrierDecryptionException>(() => second.Barrier.Decrypt(string.Empty, sealedValue));
    }
}
