using System.Collections.Immutable;
using System.Text;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.StateMachine;

/// <summary>
/// The snapshot file, format version 4: magic <c>CFRS</c>, version byte, index, term and the index of the last
/// membership change (little-endian int64; version 1 lacks the last one), the member map and the entries (counts and
/// lengths as 7-bit varints, strings UTF-8), then (version 3) the restore generation (int64) and the staged restore
/// (a flag byte, then its id and entries), then (version 4) the recorded index (int64), then the SHA-256 of
/// everything before it. The same bytes travel to lagging followers in the InstallSnapshot RPC. Versions 1 to 3 are
/// still read (no restore state before 3, no recorded index before 4).
/// </summary>
internal static class SnapshotFormat
{
    public const byte Version = 4;

    private const byte VersionWithoutRecordedIndex = 3;
    private const byte VersionWithoutRestoreState = 2;
    private const byte VersionWithoutMembersIndex = 1;

    private static readonly byte[] Magic = "CFRS"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static void Write(Stream output, KeyValueState state)
    {
        using var hashing = new HashingStream(output);
        using (var writer = new BinaryWriter(hashing, StrictUtf8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(Version);
            writer.Write(state.Index);
            writer.Write(state.Term);
            writer.Write(state.MembersIndex);
            writer.Write7BitEncodedInt(state.Members.Count);
            foreach (var (nodeId, address) in state.Members)
            {
                writer.Write(nodeId);
                writer.Write(address);
            }

            WriteEntries(writer, state.Entries);
            writer.Write(state.RestoreGeneration);
            writer.Write(state.Staging is not null);
            if (state.Staging is { } staging)
            {
                writer.Write(staging.Id);
                WriteEntries(writer, staging.Entries);
            }

            writer.Write(state.RecordedIndex);
        }

        output.Write(hashing.CurrentHash());
    }

    /// <summary>Reads and verifies a snapshot of <paramref name="length"/> bytes; throws <see cref="InvalidDataException"/> if it is damaged.</summary>
    public static KeyValueState Read(Stream input, long length)
    {
        if (length < Magic.Length + 1 + 16 + HashingStream.HashSize)
        {
            throw new InvalidDataException("The snapshot is truncated.");
        }

        try
        {
            using var hashing = new HashingStream(input);
            using var reader = new BinaryReader(hashing, StrictUtf8, leaveOpen: true);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new InvalidDataException("The file is not a Coffer snapshot.");
            }

            var version = reader.ReadByte();
            if (version is not (Version or VersionWithoutRecordedIndex or VersionWithoutRestoreState or VersionWithoutMembersIndex))
            {
                throw new InvalidDataException($"Unsupported snapshot format version {version}.");
            }

            var index = reader.ReadInt64();
            var term = reader.ReadInt64();
            var membersIndex = version == VersionWithoutMembersIndex ? index : reader.ReadInt64();
            var members = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            for (var count = reader.Read7BitEncodedInt(); count > 0; count--)
            {
                members[reader.ReadString()] = reader.ReadString();
            }

            var entries = ReadEntries(reader, length);
            var generation = 0L;
            RestoreStaging? staging = null;
            if (version >= VersionWithoutRecordedIndex)
            {
                generation = reader.ReadInt64();
                if (reader.ReadBoolean())
                {
                    var id = reader.ReadString();
                    staging = new RestoreStaging(id, ReadEntries(reader, length));
                }
            }

            var recordedIndex = version == Version ? reader.ReadInt64() : 0;

            if (hashing.BytesHashed != length - HashingStream.HashSize)
            {
                throw new InvalidDataException("The snapshot has unexpected bytes before its checksum.");
            }

            var expected = hashing.CurrentHash();
            var stored = new byte[HashingStream.HashSize];
            input.ReadExactly(stored);
            if (!expected.AsSpan().SequenceEqual(stored))
            {
                throw new InvalidDataException("The snapshot checksum does not match its content.");
            }

            return new KeyValueState(entries, members.ToImmutable(), index, term, membersIndex, generation, staging, recordedIndex);
        }
        catch (Exception e) when (e is EndOfStreamException or DecoderFallbackException or FormatException)
        {
            throw new InvalidDataException("The snapshot is truncated or malformed.", e);
        }
    }

    private static void WriteEntries(BinaryWriter writer, KeyMap<byte[]> entries)
    {
        writer.Write7BitEncodedInt(entries.Count);
        foreach (var (key, value) in entries)
        {
            writer.Write(key);
            writer.Write7BitEncodedInt(value.Length);
            writer.Write(value);
        }
    }

    private static KeyMap<byte[]> ReadEntries(BinaryReader reader, long length)
    {
        var entries = KeyMap<byte[]>.Empty.ToBuilder();
        for (var count = reader.Read7BitEncodedInt(); count > 0; count--)
        {
            var key = reader.ReadString();
            var size = reader.Read7BitEncodedInt();
            if (size < 0 || size > length)
            {
                throw new InvalidDataException("A snapshot value length is out of range.");
            }

            var value = reader.ReadBytes(size);
            if (value.Length != size)
            {
                throw new EndOfStreamException();
            }

            entries[key] = value;
        }

        return entries.ToImmutable();
    }
}
