using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Coffer.Sdk.Physical;

namespace Coffer.Server.Storage;

/// <summary>
/// The intent record of one commit, written and fsynced before any of its operations touch a key file.
/// After a crash, a journal that reads back whole is replayed; one that does not (torn mid-write) is
/// discarded, which is safe because nothing is applied before the journal is durable.
/// </summary>
/// <remarks>
/// Format, version 1, little-endian: the magic "CFJ1"; the operation count (uint32); per operation a kind
/// byte (1 put, 2 delete), the key's UTF-8 length (int32) and bytes, and for a put the value's length
/// (int32) and bytes; then a SHA-256 of everything before it. A reader accepts the bytes only when the
/// structure consumes them exactly and the hash matches.
/// </remarks>
internal static class CommitJournal
{
    private const byte PutKind = 1;
    private const byte DeleteKind = 2;
    private const int HashLength = SHA256.HashSizeInBytes;
    private static readonly byte[] Magic = "CFJ1"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static byte[] Serialize(IReadOnlyList<PhysicalOperation> operations)
    {
        var keys = new byte[operations.Count][];
        long length = Magic.Length + sizeof(uint) + HashLength;
        for (var i = 0; i < operations.Count; i++)
        {
            keys[i] = StrictUtf8.GetBytes(operations[i].Key);
            length += 1 + sizeof(int) + keys[i].Length;
            if (operations[i].Value is { } value)
            {
                length += sizeof(int) + value.Length;
            }
        }

        if (length > Array.MaxLength)
        {
            throw new ArgumentException("The transaction is too large for one commit journal.", nameof(operations));
        }

        var buffer = new byte[length];
        var span = buffer.AsSpan();
        Magic.CopyTo(span);
        var offset = Magic.Length;
        BinaryPrimitives.WriteUInt32LittleEndian(span[offset..], (uint)operations.Count);
        offset += sizeof(uint);
        for (var i = 0; i < operations.Count; i++)
        {
            var value = operations[i].Value;
            span[offset++] = value is null ? DeleteKind : PutKind;
            offset = WriteBlock(span, offset, keys[i]);
            if (value is not null)
            {
                offset = WriteBlock(span, offset, value);
            }
        }

        SHA256.HashData(span[..offset], span[offset..]);
        return buffer;
    }

    /// <summary>The operations of a whole journal, or null when <paramref name="journal"/> is torn or damaged.</summary>
    public static IReadOnlyList<PhysicalOperation>? TryParse(ReadOnlySpan<byte> journal)
    {
        if (journal.Length < Magic.Length + sizeof(uint) + HashLength || !journal.StartsWith(Magic))
        {
            return null;
        }

        var body = journal[..^HashLength];
        Span<byte> hash = stackalloc byte[HashLength];
        SHA256.HashData(body, hash);
        if (!CryptographicOperations.FixedTimeEquals(hash, journal[^HashLength..]))
        {
            return null;
        }

        var offset = Magic.Length;
        var count = BinaryPrimitives.ReadUInt32LittleEndian(body[offset..]);
        offset += sizeof(uint);
        var operations = new List<PhysicalOperation>();
        for (var i = 0u; i < count; i++)
        {
            if (offset >= body.Length)
            {
                return null;
            }

            var kind = body[offset++];
            if ((kind != PutKind && kind != DeleteKind) || !TryReadBlock(body, ref offset, out var keyBytes))
            {
                return null;
            }

            string key;
            try
            {
                key = StrictUtf8.GetString(keyBytes);
            }
            catch (DecoderFallbackException)
            {
                return null;
            }

            if (kind == DeleteKind)
            {
                operations.Add(PhysicalOperation.Delete(key));
                continue;
            }

            if (!TryReadBlock(body, ref offset, out var value))
            {
                return null;
            }

            operations.Add(PhysicalOperation.Put(key, value.ToArray()));
        }

        return offset == body.Length ? operations : null;
    }

    private static int WriteBlock(Span<byte> span, int offset, ReadOnlySpan<byte> block)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span[offset..], block.Length);
        offset += sizeof(int);
        block.CopyTo(span[offset..]);
        return offset + block.Length;
    }

    private static bool TryReadBlock(ReadOnlySpan<byte> body, ref int offset, out ReadOnlySpan<byte> block)
    {
        block = default;
        if (body.Length - offset < sizeof(int))
        {
            return false;
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(body[offset..]);
        offset += sizeof(int);
        if (length < 0 || length > body.Length - offset)
        {
            return false;
        }

        block = body.Slice(offset, length);
        offset += length;
        return true;
    }
}
