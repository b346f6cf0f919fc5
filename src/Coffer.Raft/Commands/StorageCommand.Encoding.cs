using System.Buffers;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.Commands;

/// <summary>
/// <c>[version][kind]</c> then, per kind, length-prefixed UTF-8 strings and byte strings (lengths as 7-bit varints).
/// A batch is a count followed by its operations. In format 2 (written) an operation is
/// <c>[1 = put | 2 = delete, plus 4 x back][shared][rest of the key][value if put]</c>: the key is the first
/// <c>shared</c> UTF-16 units of the key <c>back</c> + 1 places earlier in the batch (<see cref="RecentKeys"/>)
/// followed by the rest; in format 1 (still read) it is <c>[1 | 2][key][value if put]</c>. Restore commands carry the
/// restore id; a chunk then holds a count and <c>[key][value]</c> pairs, a commit the prefix whose current entries it
/// keeps. Older readers refuse the restore kinds, which is right: a node that cannot apply a restore must not skip
/// it; a build that reads only format 1 refuses every entry a newer one writes (docs/compatibility.md).
/// </summary>
internal sealed partial class StorageCommand
{
    public const byte FormatVersion = 2;

    /// <summary>The format before batch keys were prefix-coded; entries in it are still read.</summary>
    public const byte PlainKeysFormatVersion = 1;

    private const byte PutOperation = 1;
    private const byte DeleteOperation = 2;
    private const byte OperationMask = 0b11;
    private const int BackShift = 2;

    /// <summary>An array of exactly <see cref="EncodedSize"/> bytes holding the command.</summary>
    public byte[] Encode()
    {
        var buffer = new byte[EncodedSize()];
        var writer = new BinaryCursorWriter(buffer);
        EncodeWith(ref writer);
        return buffer;
    }

    /// <summary>
    /// Encodes into an array from the shared pool: the storage writes' path, where a batch's entry runs to hundreds of
    /// kilobytes and a fresh array that size would be a large-object allocation per entry (those drive full
    /// collections). Return it with <see cref="ArrayPool{T}.Return"/> once the engine has copied the entry.
    /// </summary>
    public (byte[] Buffer, int Length) EncodeRented() => EncodeRented(EncodedSize());

    /// <summary>
    /// As <see cref="EncodeRented()"/>, for a caller that already knows <see cref="EncodedSize"/> or a bound on it (a
    /// queued write, or the write coalescer's combined batch).
    /// </summary>
    public (byte[] Buffer, int Length) EncodeRented(int sizeAtLeast)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(sizeAtLeast);
        var writer = new BinaryCursorWriter(buffer);
        EncodeWith(ref writer);
        return (buffer, writer.Length);
    }

    /// <summary>The exact length of the encoding, computed without encoding (the entry size limit is checked on it).</summary>
    public int EncodedSize()
    {
        var sizer = new BinaryCursorSizer();
        EncodeWith(ref sizer);
        return checked((int)sizer.Length);
    }

    private void EncodeWith<TWriter>(ref TWriter writer)
        where TWriter : struct, ICommandWriter
    {
        writer.WriteByte(FormatVersion);
        writer.WriteByte((byte)Kind);
        switch (Kind)
        {
            case StorageCommandKind.Put:
                writer.WriteString(Operations[0].Key);
                writer.WriteBytes(Operations[0].Value!);
                break;
            case StorageCommandKind.Delete:
                writer.WriteString(Operations[0].Key);
                break;
            case StorageCommandKind.Batch:
                writer.WriteVarInt(Operations.Count);
                var recent = new RecentKeys();
                foreach (var operation in Operations)
                {
                    var (back, shared) = recent.Match(operation.Key);
                    writer.WriteByte((byte)((operation.IsDelete ? DeleteOperation : PutOperation) | (back << BackShift)));
                    writer.WriteVarInt(shared);
                    writer.WriteString(operation.Key.AsSpan(shared));
                    if (!operation.IsDelete)
                    {
                        writer.WriteBytes(operation.Value!);
                    }

                    recent.Add(operation.Key);
                }

                break;
            case StorageCommandKind.SetMember:
                writer.WriteString(NodeId!);
                writer.WriteString(Address!);
                break;
            case StorageCommandKind.RemoveMember:
                writer.WriteString(NodeId!);
                break;
            case StorageCommandKind.RestoreBegin or StorageCommandKind.RestoreAbort:
                writer.WriteString(RestoreId!);
                break;
            case StorageCommandKind.RestoreChunk:
                writer.WriteString(RestoreId!);
                writer.WriteVarInt(Operations.Count);
                foreach (var operation in Operations)
                {
                    writer.WriteString(operation.Key);
                    writer.WriteBytes(operation.Value!);
                }

                break;
            case StorageCommandKind.RestoreCommit:
                writer.WriteString(RestoreId!);
                writer.WriteString(KeepPrefix!);
                break;
        }
    }

    /// <summary>Decodes a payload written by <see cref="Encode"/>; throws <see cref="InvalidDataException"/> otherwise.</summary>
    public static StorageCommand Decode(ReadOnlySpan<byte> payload)
    {
        var reader = new BinaryCursorReader(payload);
        var version = reader.ReadByte();
        if (version is not (FormatVersion or PlainKeysFormatVersion))
        {
            throw new InvalidDataException($"Unsupported storage command format version {version}.");
        }

        var kind = (StorageCommandKind)reader.ReadByte();
        StorageCommand command;
        switch (kind)
        {
            case StorageCommandKind.Put:
                command = Put(reader.ReadString(), reader.ReadBytes());
                break;
            case StorageCommandKind.Delete:
                command = Delete(reader.ReadString());
                break;
            case StorageCommandKind.Batch:
                command = new(StorageCommandKind.Batch, version == PlainKeysFormatVersion ? ReadPlainBatch(ref reader) : ReadBatch(ref reader), null, null);
                break;
            case StorageCommandKind.SetMember:
                command = SetMember(reader.ReadString(), reader.ReadString());
                break;
            case StorageCommandKind.RemoveMember:
                command = RemoveMember(reader.ReadString());
                break;
            case StorageCommandKind.RestoreBegin:
                command = RestoreBegin(reader.ReadString());
                break;
            case StorageCommandKind.RestoreAbort:
                command = RestoreAbort(reader.ReadString());
                break;
            case StorageCommandKind.RestoreChunk:
                var restoreId = reader.ReadString();
                var puts = new PhysicalOperation[reader.ReadCount()];
                for (var i = 0; i < puts.Length; i++)
                {
                    puts[i] = PhysicalOperation.Put(reader.ReadString(), reader.ReadBytes());
                }

                command = new(StorageCommandKind.RestoreChunk, puts, null, null, restoreId);
                break;
            case StorageCommandKind.RestoreCommit:
                command = RestoreCommit(reader.ReadString(), reader.ReadString());
                break;
            default:
                throw new InvalidDataException($"Unknown storage command kind {(byte)kind}.");
        }

        reader.EnsureEnd();
        return command;
    }

    private static PhysicalOperation[] ReadBatch(ref BinaryCursorReader reader)
    {
        var operations = new PhysicalOperation[reader.ReadCount()];
        var recent = new RecentKeys();
        for (var i = 0; i < operations.Length; i++)
        {
            var header = reader.ReadByte();
            var back = header >> BackShift;
            if (back >= RecentKeys.Capacity)
            {
                throw new InvalidDataException($"Unknown batch operation {header}.");
            }

            var shared = reader.ReadVarInt();
            var key = reader.ReadString(recent.Prefix(back, shared));
            operations[i] = (header & OperationMask) switch
            {
                PutOperation => PhysicalOperation.Put(key, reader.ReadBytes()),
                DeleteOperation => PhysicalOperation.Delete(key),
                _ => throw new InvalidDataException($"Unknown batch operation {header}."),
            };
            recent.Add(key);
        }

        return operations;
    }

    private static PhysicalOperation[] ReadPlainBatch(ref BinaryCursorReader reader)
    {
        var operations = new PhysicalOperation[reader.ReadCount()];
        for (var i = 0; i < operations.Length; i++)
        {
            operations[i] = reader.ReadByte() switch
            {
                PutOperation => PhysicalOperation.Put(reader.ReadString(), reader.ReadBytes()),
                DeleteOperation => PhysicalOperation.Delete(reader.ReadString()),
                var other => throw new InvalidDataException($"Unknown batch operation {other}."),
            };
        }

        return operations;
    }
}
