using System.Buffers.Binary;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Coffer.Core.Ha;

namespace Coffer.Core.Snapshots;

/// <summary>
/// Coffer's integrated-storage snapshot file (not Vault's tar layout; docs/compatibility.md describes it):
/// <list type="number">
/// <item>header: the 6 bytes <c>CFSNAP</c>, a zero byte and the format version (1);</item>
/// <item>body: one gzip stream holding the Raft index, term, creation time (Unix ms) and entry count (little-endian
/// int64 each), then every physical entry in key order as <c>[key length][key, UTF-8][value length][value]</c>
/// (lengths as 7-bit varints);</item>
/// <item>footer: the SHA-256 of header and body; the same digest sealed by the barrier keyring (AES-GCM, bound to
/// its purpose); the sealed digest's length (little-endian uint32); and the 8 bytes <c>CFSNAPOK</c>.</item>
/// </list>
/// The plain digest catches damage; the sealed one shows that the snapshot was made by a cluster holding these keys,
/// which a restore requires unless forced (Vault's <c>SHA256SUMS.sealed</c>). A file cut short lacks the end marker.
/// </summary>
internal static class SnapshotArchive
{
    public const byte FormatVersion = 1;

    /// <summary>What the sealed digest is bound to, so no other barrier-sealed blob can stand in for it.</summary>
    public const string ChecksumPurpose = "coffer:raft-snapshot-checksum";

    /// <summary>A sanity bound on one value: far above any entry integrated storage accepts.</summary>
    private const int MaxValueLength = 64 * 1024 * 1024;

    private const int DigestSize = 32;
    private const int TrailerSize = sizeof(uint) + 8;

    private static readonly byte[] Header = [.. "CFSNAP"u8, 0, FormatVersion];
    private static readonly byte[] EndMarker = "CFSNAPOK"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Streams <paramref name="version"/> as a snapshot file; <paramref name="seal"/> seals the digest.</summary>
    public static async Task WriteAsync(Stream output, StoredStateVersion version, DateTimeOffset created, Func<byte[], byte[]> seal, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var hashing = new DigestingWriteStream(output, sha);
        await hashing.WriteAsync(Header, cancellationToken).ConfigureAwait(false);
        await using (var gzip = new GZipStream(hashing, CompressionLevel.Fastest, leaveOpen: true))
        await using (var buffered = new BufferedStream(gzip, 64 * 1024))
        {
            var prefix = new byte[4 * sizeof(long)];
            BinaryPrimitives.WriteInt64LittleEndian(prefix, version.Index);
            BinaryPrimitives.WriteInt64LittleEndian(prefix.AsSpan(8), version.Term);
            BinaryPrimitives.WriteInt64LittleEndian(prefix.AsSpan(16), created.ToUnixTimeMilliseconds());
            BinaryPrimitives.WriteInt64LittleEndian(prefix.AsSpan(24), version.Entries.Count);
            await buffered.WriteAsync(prefix, cancellationToken).ConfigureAwait(false);
            var lengths = new byte[5];
            foreach (var (key, value) in version.Entries)
            {
                var keyBytes = StrictUtf8.GetBytes(key);
                await buffered.WriteAsync(lengths.AsMemory(0, WriteVarInt(lengths, keyBytes.Length)), cancellationToken).ConfigureAwait(false);
                await buffered.WriteAsync(keyBytes, cancellationToken).ConfigureAwait(false);
                await buffered.WriteAsync(lengths.AsMemory(0, WriteVarInt(lengths, value.Length)), cancellationToken).ConfigureAwait(false);
                await buffered.WriteAsync(value, cancellationToken).ConfigureAwait(false);
            }
        }

        var digest = sha.GetHashAndReset();
        var sealedDigest = seal(digest);
        var trailer = new byte[TrailerSize];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, (uint)sealedDigest.Length);
        EndMarker.CopyTo(trailer, sizeof(uint));
        await output.WriteAsync(digest, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(sealedDigest, cancellationToken).ConfigureAwait(false);
        await output.WriteAsync(trailer, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks a whole snapshot in a seekable stream: structure and digest (else <see cref="InvalidDataException"/>),
    /// then whether <paramref name="open"/> (the barrier; null when it cannot open the blob) opens the sealed digest to
    /// the same value. Leaves the stream at its start.
    /// </summary>
    public static async Task<SnapshotVerification> VerifyAsync(Stream snapshot, Func<byte[], byte[]?> open, CancellationToken cancellationToken)
    {
        var length = snapshot.Length;
        if (length < Header.Length + DigestSize + TrailerSize)
        {
            throw new InvalidDataException("the snapshot is truncated");
        }

        var header = new byte[Header.Length];
        snapshot.Position = 0;
        await snapshot.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
        if (!header.AsSpan(0, 7).SequenceEqual(Header.AsSpan(0, 7)))
        {
            throw new InvalidDataException("the file is not a Coffer snapshot");
        }

        if (header[7] != FormatVersion)
        {
            throw new InvalidDataException($"unsupported snapshot format version {header[7]}");
        }

        var trailer = new byte[TrailerSize];
        snapshot.Position = length - TrailerSize;
        await snapshot.ReadExactlyAsync(trailer, cancellationToken).ConfigureAwait(false);
        if (!trailer.AsSpan(sizeof(uint)).SequenceEqual(EndMarker))
        {
            throw new InvalidDataException("the snapshot is incomplete: its end marker is missing");
        }

        var sealedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        var contentLength = length - TrailerSize - sealedLength - DigestSize;
        if (sealedLength == 0 || contentLength < Header.Length)
        {
            throw new InvalidDataException("the snapshot's checksum is missing or malformed");
        }

        snapshot.Position = contentLength;
        var stored = new byte[DigestSize];
        await snapshot.ReadExactlyAsync(stored, cancellationToken).ConfigureAwait(false);
        var sealedDigest = new byte[sealedLength];
        await snapshot.ReadExactlyAsync(sealedDigest, cancellationToken).ConfigureAwait(false);

        snapshot.Position = 0;
        var actual = await DigestAsync(snapshot, contentLength, cancellationToken).ConfigureAwait(false);
        snapshot.Position = 0;
        if (!CryptographicOperations.FixedTimeEquals(actual, stored))
        {
            throw new InvalidDataException("the snapshot's checksum does not match its content");
        }

        var opened = open(sealedDigest);
        return new SnapshotVerification(ContentLength: contentLength, KeysMatch: opened is not null && CryptographicOperations.FixedTimeEquals(opened, actual));
    }

    /// <summary>The position and size recorded in a snapshot's body, read from its start.</summary>
    public static SnapshotSummary ReadSummary(Stream snapshot)
    {
        snapshot.Position = Header.Length;
        using var gzip = new GZipStream(snapshot, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new BinaryReader(gzip, StrictUtf8, leaveOpen: true);
        try
        {
            return new SnapshotSummary(reader.ReadInt64(), reader.ReadInt64(), DateTimeOffset.FromUnixTimeMilliseconds(reader.ReadInt64()), reader.ReadInt64());
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentOutOfRangeException)
        {
            throw new InvalidDataException("the snapshot is truncated or malformed", e);
        }
    }

    /// <summary>
    /// The entries of a verified snapshot (stream at its start), skipping keys under <paramref name="excludedPrefix"/>.
    /// Throws <see cref="InvalidDataException"/> part-way for a malformed body, or at the end when the snapshot lacks
    /// what any initialised cluster has (its seal configuration and keyring).
    /// </summary>
    public static async IAsyncEnumerable<KeyValuePair<string, byte[]>> ReadEntriesAsync(
        Stream snapshot, string excludedPrefix, IReadOnlyCollection<string> requiredKeys, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        snapshot.Position = Header.Length;
        await using var gzip = new GZipStream(snapshot, CompressionMode.Decompress, leaveOpen: true);
        await using var buffered = new BufferedStream(gzip, 64 * 1024);
        var prefix = new byte[4 * sizeof(long)];
        await ReadExactlyAsync(buffered, prefix, cancellationToken).ConfigureAwait(false);
        var count = BinaryPrimitives.ReadInt64LittleEndian(prefix.AsSpan(24));
        if (count < 0)
        {
            throw new InvalidDataException("the snapshot's entry count is negative");
        }

        var missing = new HashSet<string>(requiredKeys, StringComparer.Ordinal);
        string? previous = null;
        for (var i = 0L; i < count; i++)
        {
            var keyBytes = new byte[await ReadVarIntAsync(buffered, MaxValueLength, cancellationToken).ConfigureAwait(false)];
            await ReadExactlyAsync(buffered, keyBytes, cancellationToken).ConfigureAwait(false);
            string key;
            try
            {
                key = StrictUtf8.GetString(keyBytes);
            }
            catch (DecoderFallbackException e)
            {
                throw new InvalidDataException("a snapshot key is not valid UTF-8", e);
            }

            if (key.Length == 0 || (previous is not null && string.CompareOrdinal(previous, key) >= 0))
            {
                throw new InvalidDataException("the snapshot's keys are empty, repeated or out of order");
            }

            previous = key;
            var value = new byte[await ReadVarIntAsync(buffered, MaxValueLength, cancellationToken).ConfigureAwait(false)];
            await ReadExactlyAsync(buffered, value, cancellationToken).ConfigureAwait(false);
            missing.Remove(key);
            if (!key.StartsWith(excludedPrefix, StringComparison.Ordinal))
            {
                yield return KeyValuePair.Create(key, value);
            }
        }

        if (missing.Count > 0)
        {
            throw new InvalidDataException("the snapshot is not of an initialized cluster: it lacks " + string.Join(", ", missing.Order(StringComparer.Ordinal)));
        }
    }

    private static async Task<byte[]> DigestAsync(Stream input, long length, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        for (var remaining = length; remaining > 0;)
        {
            var read = await input.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new InvalidDataException("the snapshot is truncated");
            }

            sha.AppendData(buffer, 0, read);
            remaining -= read;
        }

        return sha.GetHashAndReset();
    }

    private static async Task ReadExactlyAsync(Stream input, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        try
        {
            await input.ReadExactlyAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the snapshot is truncated or malformed", e);
        }
    }

    private static async Task<int> ReadVarIntAsync(Stream input, int max, CancellationToken cancellationToken)
    {
        var one = new byte[1];
        var result = 0L;
        for (var shift = 0; shift < 35; shift += 7)
        {
            await ReadExactlyAsync(input, one, cancellationToken).ConfigureAwait(false);
            result |= (long)(one[0] & 0x7F) << shift;
            if ((one[0] & 0x80) == 0)
            {
                return result <= max ? (int)result : throw new InvalidDataException("a snapshot length is out of range");
            }
        }

        throw new InvalidDataException("a snapshot length is malformed");
    }

    private static int WriteVarInt(Span<byte> destination, int value)
    {
        var remaining = (uint)value;
        var written = 0;
        while (remaining >= 0x80)
        {
            destination[written++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }

        destination[written++] = (byte)remaining;
        return written;
    }
}
