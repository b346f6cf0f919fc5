using System.Collections.Immutable;
using Coffer.Raft.Commands;
using Coffer.Raft.StateMachine;
using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Raft.Tests.StateMachine;

/// <summary>A snapshot restore staged over several log entries: invisible until its commit, then the whole state.</summary>
public sealed class RestoreStagingTests
{
    private static KeyValueState Live() => new(
        KeyMap<byte[]>.Empty.SetItems(new Dictionary<string, byte[]>
        {
            ["core/keyring"] = [1],
            ["logical/a"] = [2],
            ["replication/local/dr-state"] = [3],
        }),
        ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string> { ["n1"] = "127.0.0.1:8201" }),
        index: 10,
        term: 2,
        membersIndex: 5);

    private static KeyValueState Apply(KeyValueState state, params StorageCommand[] commands)
    {
        foreach (var command in commands)
        {
            // Through the wire format, as followers see the commands.
            state = state.Apply(StorageCommand.Decode(command.Encode()), state.Index + 1, state.Term);
        }

        return state;
    }

    [Fact]
    public void Commit_AfterChunks_ReplacesEntriesKeepsPrefixAndMembersAndCountsAGeneration()
    {
        var restored = Apply(
            Live(),
            StorageCommand.RestoreBegin("r1"),
            StorageCommand.RestoreChunk("r1", [PhysicalOperation.Put("core/keyring", [9]), PhysicalOperation.Put("logical/b", [8])]),
            StorageCommand.RestoreChunk("r1", [PhysicalOperation.Put("replication/local/dr-state", [7]), PhysicalOperation.Put("sys/x", [6])]),
            StorageCommand.RestoreCommit("r1", "replication/"));

        Assert.Equal(["core/keyring", "logical/b", "replication/local/dr-state", "sys/x"], restored.Entries.Keys);
        Assert.Equal([9], restored.Entries["core/keyring"]);
        Assert.Equal([3], restored.Entries["replication/local/dr-state"]);
        Assert.Equal(Live().Members, restored.Members);
        Assert.Equal(1, restored.RestoreGeneration);
        Assert.Null(restored.Staging);
    }

    [Fact]
    public void Chunks_BeforeCommit_DoNotChangeWhatReadersSee()
    {
        var staged = Apply(Live(), StorageCommand.RestoreBegin("r1"), StorageCommand.RestoreChunk("r1", [PhysicalOperation.Put("logical/b", [8])]));

        Assert.Equal(Live().Entries.Keys, staged.Entries.Keys);
        Assert.Equal(0, staged.RestoreGeneration);
        Assert.Equal(["logical/b"], staged.Staging!.Entries.Keys);
    }

    [Fact]
    public void Commit_OfAbortedOrSupersededRestore_ChangesNothing()
    {
        var aborted = Apply(
            Live(),
            StorageCommand.RestoreBegin("r1"),
            StorageCommand.RestoreChunk("r1", [PhysicalOperation.Put("logical/b", [8])]),
            StorageCommand.RestoreAbort("r1"),
            StorageCommand.RestoreCommit("r1", "replication/"));
        var superseded = Apply(
            Live(),
            StorageCommand.RestoreBegin("r1"),
            StorageCommand.RestoreBegin("r2"),
            StorageCommand.RestoreChunk("r1", [PhysicalOperation.Put("logical/b", [8])]),
            StorageCommand.RestoreCommit("r1", "replication/"));

        Assert.Equal(Live().Entries.Keys, aborted.Entries.Keys);
        Assert.Null(aborted.Staging);
        Assert.Equal(Live().Entries.Keys, superseded.Entries.Keys);
        Assert.Equal("r2", superseded.Staging!.Id);
        Assert.Empty(superseded.Staging.Entries);
        Assert.Equal(0, superseded.RestoreGeneration);
    }

    [Fact]
    public void Commit_AnyChunking_GivesTheSameStateAsOneChunk()
    {
        var keys = Gen.String[Gen.Char.AlphaNumeric, 1, 12].Select(Gen.OneOf(Gen.Const("logical/"), Gen.Const("replication/"), Gen.Const("")), (k, p) => p + k);
        Gen.Select(Gen.Dictionary(keys, Gen.Byte.Array[0, 16])[0, 30], Gen.Int[1, 8]).Sample((entries, chunkSize) =>
        {
            var puts = entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => PhysicalOperation.Put(e.Key, e.Value)).ToList();
            var chunks = puts.Chunk(chunkSize).Select(c => StorageCommand.RestoreChunk("r", c)).ToArray();
            var many = Apply(Live(), [StorageCommand.RestoreBegin("r"), .. chunks, StorageCommand.RestoreCommit("r", "replication/")]);

            var expected = puts.Where(p => !p.Key.StartsWith("replication/", StringComparison.Ordinal)).Select(p => p.Key)
                .Append("replication/local/dr-state").Distinct().Order(StringComparer.Ordinal);
            Assert.Equal(expected, many.Entries.Keys);
            Assert.Equal([3], many.Entries["replication/local/dr-state"]);
        });
    }

    [Fact]
    public void SnapshotFile_WithStagedRestore_RoundTripsGenerationAndStaging()
    {
        var state = Apply(
            Live(),
            StorageCommand.RestoreBegin("r0"),
            StorageCommand.RestoreCommit("r0", "replication/"),
            StorageCommand.RestoreBegin("r1"),
            StorageCommand.RestoreChunk("r1", [PhysicalOperation.Put("logical/b", [8])]));
        using var stream = new MemoryStream();
        SnapshotFormat.Write(stream, state);
        var bytes = stream.ToArray();

        var read = SnapshotFormat.Read(new MemoryStream(bytes), bytes.Length);

        Assert.Equal(1, read.RestoreGeneration);
        Assert.Equal("r1", read.Staging!.Id);
        Assert.Equal([8], read.Staging.Entries["logical/b"]);
        Assert.Equal(state.Entries.Keys, read.Entries.Keys);
    }
}
