using Coffer.Sdk.Physical;
using Coffer.Server.Storage;
using CsCheck;

namespace Coffer.Server.Tests.Storage;

public sealed class CommitJournalTests
{
    private static readonly Gen<PhysicalOperation> Operation = Gen.Select(
        Gen.String[Gen.Char["ab/é%"], 0, 8],
        Gen.Byte.Array[0, 40],
        Gen.Bool,
        (key, value, isDelete) => isDelete ? PhysicalOperation.Delete(key) : PhysicalOperation.Put(key, value));

    private static readonly PhysicalOperation[] Sample =
    [
        PhysicalOperation.Put("core/keyring", [1, 2, 3]),
        PhysicalOperation.Delete("sys/token/id/abc"),
        PhysicalOperation.Put("empty", []),
    ];

    [Fact]
    public void TryParse_SerializedOperations_ReturnsThemInOrder()
    {
        Operation.List[0, 10].Sample(operations =>
        {
            var parsed = CommitJournal.TryParse(CommitJournal.Serialize(operations));

            Assert.NotNull(parsed);
            Assert.Equal(operations.Count, parsed.Count);
            for (var i = 0; i < operations.Count; i++)
            {
                Assert.Equal(operations[i].Key, parsed[i].Key);
                Assert.Equal(operations[i].Value, parsed[i].Value);
            }
        });
    }

    [Fact]
    public void TryParse_EveryTruncation_ReturnsNull()
    {
        var journal = CommitJournal.Serialize(Sample);

        for (var length = 0; length < journal.Length; length++)
        {
            Assert.Null(CommitJournal.TryParse(journal.AsSpan(0, length)));
        }
    }

    [Fact]
    public void TryParse_AnyChangedByte_ReturnsNull()
    {
        var journal = CommitJournal.Serialize(Sample);

        for (var i = 0; i < journal.Length; i++)
        {
            var damaged = journal.ToArray();
            damaged[i] ^= 0x01;
            Assert.Null(CommitJournal.TryParse(damaged));
        }
    }

    [Fact]
    public void TryParse_TrailingBytes_ReturnsNull()
    {
        byte[] journal = [.. CommitJournal.Serialize(Sample), 0];

        Assert.Null(CommitJournal.TryParse(journal));
    }
}
