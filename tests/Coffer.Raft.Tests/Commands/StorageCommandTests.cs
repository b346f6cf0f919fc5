using Coffer.Raft.Commands;
using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Raft.Tests.Commands;

public sealed class StorageCommandTests
{
    private static readonly Gen<string> Keys = Gen.String[Gen.Char.AlphaNumeric.Select(c => c), 0, 20]
        .Select(Gen.OneOf(Gen.Const(""), Gen.Const("a/"), Gen.Const("日本/"), Gen.Const("é%/ ")), (key, prefix) => prefix + key);

    // Keys made of a few shared pieces, so that batches are full of long shared prefixes, some of them ending inside
    // a surrogate pair ("𝄞" and "𝄢" share their high surrogate).
    private static readonly Gen<string> SharingKeys = Gen.Int[0, 6].Select(i => new[] { "logical/", "versions/", "ab", "𝄞", "𝄢", "é", "/" }[i])
        .Array[0, 6].Select(pieces => string.Concat(pieces));

    private static readonly Gen<PhysicalOperation> Operations = Gen.Select(Keys, Gen.Byte.Array[0, 64], Gen.Bool,
        (key, value, delete) => delete ? PhysicalOperation.Delete(key) : PhysicalOperation.Put(key, value));

    [Fact]
    public void EncodeDecode_AnyBatch_RoundTripsOperationsInOrder()
    {
        Operations.Array[0, 20].Sample(operations =>
        {
            var decoded = StorageCommand.Decode(StorageCommand.Batch(operations).Encode());

            Assert.Equal(StorageCommandKind.Batch, decoded.Kind);
            Assert.Equal(operations.Length, decoded.Operations.Count);
            for (var i = 0; i < operations.Length; i++)
            {
                Assert.Equal(operations[i].Key, decoded.Operations[i].Key);
                Assert.Equal(operations[i].Value, decoded.Operations[i].Value);
            }
        });
    }

    [Fact]
    public void EncodeDecode_BatchOfKeysSharingPrefixes_RoundTripsEveryKey()
    {
        Gen.Select(SharingKeys, Gen.Byte.Array[0, 8], Gen.Bool, (key, value, delete) => delete ? PhysicalOperation.Delete(key) : PhysicalOperation.Put(key, value))
            .Array[0, 30].Sample(operations =>
            {
                var decoded = StorageCommand.Decode(StorageCommand.Batch(operations).Encode());

                Assert.Equal(operations.Select(o => (o.Key, o.IsDelete)), decoded.Operations.Select(o => (o.Key, o.IsDelete)));
                Assert.Equal(operations.Select(o => o.Value), decoded.Operations.Select(o => o.Value));
            });
    }

    [Fact]
    public void Batch_OfSeveralCommands_IsNeverLongerThanTheirEncodingsPlusTheCoalescersAllowance()
    {
        // The write coalescer sizes a combined entry by adding up its writes' own sizes (plus 16 for the header).
        var commands = Gen.OneOf(
            Gen.Select(SharingKeys, Gen.Byte.Array[0, 8], (key, value) => StorageCommand.Put(key, value)),
            SharingKeys.Select(StorageCommand.Delete),
            Gen.Select(SharingKeys, Gen.Bool, (key, delete) => delete ? PhysicalOperation.Delete(key) : PhysicalOperation.Put(key, [1]))
                .Array[1, 4].Select(operations => StorageCommand.Batch(operations)));
        commands.Array[1, 10].Sample(batch =>
        {
            var combined = StorageCommand.Batch([.. batch.SelectMany(command => command.Operations)]);

            Assert.True(combined.EncodedSize() <= batch.Sum(command => command.EncodedSize()) + 16);
        });
    }

    [Fact]
    public void Encode_KvVersionedWrite_WritesTheSharedPrefixesOnce()
    {
        const string Mount = "logical/0b5e9a51-3f7c-4f7e-9a55-0d1c2e3f4a5b/versioned/";
        var folder = Mount + "versions/" + new string('c', 64) + "/";
        var write = StorageCommand.Batch(
            [PhysicalOperation.Put(folder + "12", [1]), PhysicalOperation.Put(Mount + "metadata/app/db", [2]), PhysicalOperation.Delete(folder + "2")]);
        var keyBytes = write.Operations.Sum(o => o.Key.Length);

        // The metadata key shares the mount's prefix with the version key; the dropped version shares its folder.
        Assert.True(write.EncodedSize() < keyBytes - Mount.Length - folder.Length + 20, $"{write.EncodedSize()} bytes for {keyBytes} bytes of keys");
        Assert.Equal(write.Operations.Select(o => o.Key), StorageCommand.Decode(write.Encode()).Operations.Select(o => o.Key));
    }

    [Fact]
    public void Decode_FormatOneBatch_StillReadsWholeKeys()
    {
        // [version 1][batch][count 2][put]["ab"][value 7][delete]["ac"], as the build before prefix coding wrote it.
        byte[] formatOne = [1, 3, 2, 1, 2, (byte)'a', (byte)'b', 1, 7, 2, 2, (byte)'a', (byte)'c'];

        var decoded = StorageCommand.Decode(formatOne);

        Assert.Equal(["ab", "ac"], decoded.Operations.Select(o => o.Key));
        Assert.Equal(new byte[] { 7 }, decoded.Operations[0].Value);
        Assert.True(decoded.Operations[1].IsDelete);
    }

    [Theory]
    [InlineData(new byte[] { 2, 3, 1, 1, 1, 1, (byte)'a', 0 }, "refers")] // a shared prefix with no earlier key
    [InlineData(new byte[] { 2, 3, 2, 2, 0, 1, (byte)'a', 2, 2, 1, (byte)'b' }, "out of range")] // longer than the earlier key
    [InlineData(new byte[] { 2, 3, 2, 2, 0, 1, (byte)'a', 2 | (1 << 2), 1, 1, (byte)'b' }, "refers")] // two keys back of one
    [InlineData(new byte[] { 2, 3, 1, 2 | (4 << 2), 0, 1, (byte)'a' }, "Unknown batch operation")] // five keys back
    [InlineData(new byte[] { 2, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, "count")] // more operations than bytes
    public void Decode_MalformedPrefixCodedBatch_ThrowsInvalidData(byte[] payload, string message)
    {
        Assert.Contains(message, Assert.Throws<InvalidDataException>(() => StorageCommand.Decode(payload)).Message);
    }

    [Fact]
    public void Decode_SharedPrefixEndingInsideASurrogatePair_ThrowsInvalidData()
    {
        var first = System.Text.Encoding.UTF8.GetBytes("𝄞");
        // Two keys: "𝄞", then the first UTF-16 unit of it (a lone high surrogate) followed by "x".
        byte[] payload = [2, 3, 2, 2, 0, (byte)first.Length, .. first, 2, 1, 1, (byte)'x'];

        Assert.Contains("out of range", Assert.Throws<InvalidDataException>(() => StorageCommand.Decode(payload)).Message);
    }

    [Fact]
    public void EncodedSize_AnyCommand_IsTheLengthOfItsEncoding()
    {
        var commands = Gen.OneOf(
            Operations.Array[0, 20].Select(operations => StorageCommand.Batch(operations)),
            Gen.Select(SharingKeys, Gen.Bool, (key, delete) => delete ? PhysicalOperation.Delete(key) : PhysicalOperation.Put(key, [1]))
                .Array[0, 20].Select(operations => StorageCommand.Batch(operations)),
            Gen.Select(Keys, Gen.Byte.Array[0, 300], (key, value) => StorageCommand.Put(key, value)),
            Keys.Select(StorageCommand.Delete),
            Gen.Select(Keys, Keys, (node, address) => StorageCommand.SetMember("n" + node, "a" + address)));
        commands.Sample(command =>
        {
            var (rented, length) = command.EncodeRented();
            try
            {
                Assert.Equal(command.Encode().Length, command.EncodedSize());
                Assert.Equal(command.Encode(), rented.AsSpan(0, length).ToArray());
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        });
    }

    [Fact]
    public void EncodedSize_LengthsAcrossVarIntBoundaries_CountEveryPrefixByte()
    {
        foreach (var length in new[] { 0, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152 })
        {
            var command = StorageCommand.Put(new string('k', length % 300), new byte[length]);

            Assert.Equal(command.Encode().Length, command.EncodedSize());
        }
    }

    [Fact]
    public void EncodeDecode_EachKind_RoundTrips()
    {
        var put = StorageCommand.Decode(StorageCommand.Put("core/keyring", [0, 255, 7]).Encode());
        var delete = StorageCommand.Decode(StorageCommand.Delete("gone").Encode());
        var setMember = StorageCommand.Decode(StorageCommand.SetMember("node-a", "10.0.0.1:8201").Encode());
        var removeMember = StorageCommand.Decode(StorageCommand.RemoveMember("node-a").Encode());

        Assert.Equal((StorageCommandKind.Put, "core/keyring"), (put.Kind, put.Operations.Single().Key));
        Assert.Equal(new byte[] { 0, 255, 7 }, put.Operations.Single().Value);
        Assert.Equal((StorageCommandKind.Delete, "gone", true), (delete.Kind, delete.Operations.Single().Key, delete.Operations.Single().IsDelete));
        Assert.Equal((StorageCommandKind.SetMember, "node-a", "10.0.0.1:8201"), (setMember.Kind, setMember.NodeId, setMember.Address));
        Assert.Equal((StorageCommandKind.RemoveMember, "node-a"), (removeMember.Kind, removeMember.NodeId));
    }

    [Fact]
    public void Encode_Always_StartsWithTheFormatVersion()
    {
        Assert.Equal(StorageCommand.FormatVersion, StorageCommand.Put("k", []).Encode()[0]);
        Assert.Equal(2, StorageCommand.FormatVersion);
    }

    [Fact]
    public void Decode_UnknownVersionOrKind_ThrowsInvalidData()
    {
        var encoded = StorageCommand.Put("k", [1]).Encode();
        var newerVersion = encoded.ToArray();
        newerVersion[0] = 3;
        var unknownKind = encoded.ToArray();
        unknownKind[1] = 99;

        Assert.Contains("version 3", Assert.Throws<InvalidDataException>(() => StorageCommand.Decode(newerVersion)).Message);
        Assert.Throws<InvalidDataException>(() => StorageCommand.Decode(unknownKind));
        Assert.Throws<InvalidDataException>(() => StorageCommand.Decode([]));
    }

    [Fact]
    public void Decode_AnyTruncationOrTrailingByte_ThrowsInvalidData()
    {
        var encoded = StorageCommand.Batch([PhysicalOperation.Put("a/b", [1, 2, 3]), PhysicalOperation.Delete("c")]).Encode();

        for (var length = 0; length < encoded.Length; length++)
        {
            Assert.Throws<InvalidDataException>(() => StorageCommand.Decode(encoded.AsSpan(0, length)));
        }

        Assert.Throws<InvalidDataException>(() => StorageCommand.Decode([.. encoded, 0]));
    }

    [Fact]
    public void Batch_NullOperation_IsRejectedBeforeEncoding()
    {
        Assert.Throws<ArgumentException>(() => StorageCommand.Batch([PhysicalOperation.Put("a", [1]), null!]));
    }
}
