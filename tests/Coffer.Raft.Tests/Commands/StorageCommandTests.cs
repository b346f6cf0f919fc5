using Coffer.Raft.Commands;
using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Raft.Tests.Commands;

public sealed class StorageCommandTests
{
    private static readonly Gen<string> Keys = Gen.String[Gen.Char.AlphaNumeric.Select(c => c), 0, 20]
        .Select(Gen.OneOf(Gen.Const(""), Gen.Const("a/"), Gen.Const("日本/"), Gen.Const("é%/ ")), (key, prefix) => prefix + key);

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
    public void EncodedSize_AnyCommand_IsTheLengthOfItsEncoding()
    {
        var commands = Gen.OneOf(
            Operations.Array[0, 20].Select(operations => StorageCommand.Batch(operations)),
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
        Assert.Equal(1, StorageCommand.FormatVersion);
    }

    [Fact]
    public void Decode_UnknownVersionOrKind_ThrowsInvalidData()
    {
        var encoded = StorageCommand.Put("k", [1]).Encode();
        var newerVersion = encoded.ToArray();
        newerVersion[0] = 2;
        var unknownKind = encoded.ToArray();
        unknownKind[1] = 99;

        Assert.Contains("version 2", Assert.Throws<InvalidDataException>(() => StorageCommand.Decode(newerVersion)).Message);
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
