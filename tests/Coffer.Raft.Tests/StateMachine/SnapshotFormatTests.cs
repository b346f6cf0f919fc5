using System.Collections.Immutable;
using Coffer.Raft.StateMachine;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.Tests.StateMachine;

public sealed class SnapshotFormatTests
{
    private static KeyValueState SampleState()
    {
        var entries = KeyMap<byte[]>.Empty.SetItems(new Dictionary<string, byte[]>
        {
            ["core/keyring"] = [1, 2, 3],
            ["empty"] = [],
            ["日本/é"] = new byte[70_000],
        });
        var members = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["n1"] = "127.0.0.1:8201",
            ["n2"] = "[::1]:8201",
        });
        return new KeyValueState(entries, members, index: 4242, term: 7, membersIndex: 4000, recordedIndex: 4100);
    }

    private static byte[] Serialize(KeyValueState state)
    {
        using var stream = new MemoryStream();
        SnapshotFormat.Write(stream, state);
        return stream.ToArray();
    }

    [Fact]
    public void WriteRead_State_RoundTripsEntriesMembersAndPosition()
    {
        var state = SampleState();
        var bytes = Serialize(state);

        var read = SnapshotFormat.Read(new MemoryStream(bytes), bytes.Length);

        Assert.Equal((4242L, 7L, 4000L, 4100L), (read.Index, read.Term, read.MembersIndex, read.RecordedIndex));
        Assert.Equal(state.Members, read.Members);
        Assert.Equal(state.Entries.Keys, read.Entries.Keys);
        foreach (var (key, value) in state.Entries)
        {
            Assert.Equal(value, read.Entries[key]);
        }
    }

    [Fact]
    public void Read_AnyFlippedByte_ThrowsInvalidData()
    {
        var bytes = Serialize(SampleState());
        foreach (var position in new[] { 0, 4, 5, 20, bytes.Length / 2, bytes.Length - 40, bytes.Length - 1 })
        {
            var damaged = bytes.ToArray();
            damaged[position] ^= 0x40;

            Assert.Throws<InvalidDataException>(() => SnapshotFormat.Read(new MemoryStream(damaged), damaged.Length));
        }
    }

    [Fact]
    public void Read_Truncated_ThrowsInvalidData()
    {
        var bytes = Serialize(SampleState());
        foreach (var length in new[] { 0, 10, 60, bytes.Length - 33, bytes.Length - 1 })
        {
            Assert.Throws<InvalidDataException>(() => SnapshotFormat.Read(new MemoryStream(bytes, 0, length), length));
        }
    }
}
