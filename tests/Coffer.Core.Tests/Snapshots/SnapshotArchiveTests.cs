using Coffer.Core.Barrier;
using Coffer.Core.Ha;
using Coffer.Core.Snapshots;
using Coffer.Core.Tests.Barrier;
using CsCheck;

namespace Coffer.Core.Tests.Snapshots;

public sealed class SnapshotArchiveTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly string[] Required = ["core/keyring", "core/seal-config"];

    private static readonly Gen<SortedDictionary<string, byte[]>> Entries =
        Gen.Dictionary(
                Gen.String[Gen.Char.AlphaNumeric, 1, 16].Select(Gen.OneOf(Gen.Const("logical/"), Gen.Const("sys/"), Gen.Const("日本/"), Gen.Const("replication/")), (k, p) => p + k),
                Gen.Byte.Array[0, 200])[0, 40]
            .Select(d =>
            {
                var sorted = new SortedDictionary<string, byte[]>(d, StringComparer.Ordinal) { ["core/keyring"] = [1, 2], ["core/seal-config"] = "{}"u8.ToArray() };
                return sorted;
            });

    private static async Task<byte[]> WriteAsync(AesGcmBarrier barrier, IReadOnlyCollection<KeyValuePair<string, byte[]>> entries)
    {
        using var output = new MemoryStream();
        await SnapshotArchive.WriteAsync(output, new StoredStateVersion(77, 3, entries), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000),
            digest => barrier.Encrypt(SnapshotArchive.ChecksumPurpose, digest), Ct);
        return output.ToArray();
    }

    private static Func<byte[], byte[]?> Opener(AesGcmBarrier barrier) => blob =>
    {
        try
        {
            return barrier.Decrypt(SnapshotArchive.ChecksumPurpose, blob);
        }
        catch (BarrierDecryptionException)
        {
            return null;
        }
    };

    private static async Task<List<KeyValuePair<string, byte[]>>> ReadAllAsync(Stream snapshot, string excluded = "\0")
    {
        var read = new List<KeyValuePair<string, byte[]>>();
        await foreach (var entry in SnapshotArchive.ReadEntriesAsync(snapshot, excluded, Required, Ct))
        {
            read.Add(entry);
        }

        return read;
    }

    [Fact]
    public async Task WriteVerifyRead_AnyEntries_RoundTripsUnderTheSameKeys()
    {
        var barrier = (await TestBarrier.UnsealedAsync()).Barrier;
        await Entries.SampleAsync(async entries =>
        {
            var bytes = await WriteAsync(barrier, entries);
            using var stream = new MemoryStream(bytes);

            var verification = await SnapshotArchive.VerifyAsync(stream, Opener(barrier), Ct);
            var read = await ReadAllAsync(stream);

            Assert.True(verification.KeysMatch);
            Assert.Equal(entries.Keys, read.Select(e => e.Key));
            Assert.Equal(entries.Values, read.Select(e => e.Value));
            Assert.Equal(new SnapshotSummary(77, 3, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), entries.Count), SnapshotArchive.ReadSummary(stream));
        }, iter: 50);
    }

    [Fact]
    public async Task Verify_AnyFlippedByte_NeverPassesAsMadeWithTheseKeys()
    {
        var barrier = (await TestBarrier.UnsealedAsync()).Barrier;
        var bytes = await WriteAsync(barrier, Entries.Single());
        await Gen.Int[0, bytes.Length - 1].Select(Gen.Byte[1, 255]).SampleAsync(async (position, flip) =>
        {
            var damaged = bytes.ToArray();
            damaged[position] ^= flip;
            try
            {
                var verification = await SnapshotArchive.VerifyAsync(new MemoryStream(damaged), Opener(barrier), Ct);
                Assert.False(verification.KeysMatch);
            }
            catch (InvalidDataException)
            {
                // Refused outright: as good.
            }
        }, iter: 200);
    }

    [Fact]
    public async Task Verify_SnapshotOfAnotherKeyring_IsIntactButNotMadeWithTheseKeys()
    {
        var ours = (await TestBarrier.UnsealedAsync()).Barrier;
        var theirs = (await TestBarrier.UnsealedAsync()).Barrier;
        var bytes = await WriteAsync(theirs, Entries.Single());

        var verification = await SnapshotArchive.VerifyAsync(new MemoryStream(bytes), Opener(ours), Ct);

        Assert.False(verification.KeysMatch);
    }

    [Fact]
    public async Task Verify_Truncated_IsRefusedAsIncomplete()
    {
        var barrier = (await TestBarrier.UnsealedAsync()).Barrier;
        var bytes = await WriteAsync(barrier, Entries.Single());
        foreach (var length in new[] { 0, 7, 30, bytes.Length / 2, bytes.Length - 1 })
        {
            await Assert.ThrowsAsync<InvalidDataException>(() => SnapshotArchive.VerifyAsync(new MemoryStream(bytes, 0, length), Opener(barrier), Ct));
        }
    }

    [Fact]
    public async Task ReadEntries_ExcludedPrefix_IsSkipped()
    {
        var barrier = (await TestBarrier.UnsealedAsync()).Barrier;
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["core/keyring"] = [1], ["core/seal-config"] = [2], ["replication/local/dr-state"] = [3], ["sys/policy/a"] = [4],
        };

        var read = await ReadAllAsync(new MemoryStream(await WriteAsync(barrier, entries)), "replication/");

        Assert.Equal(["core/keyring", "core/seal-config", "sys/policy/a"], read.Select(e => e.Key));
    }

    [Fact]
    public async Task ReadEntries_WithoutKeyring_FailsAtTheEnd()
    {
        var barrier = (await TestBarrier.UnsealedAsync()).Barrier;
        var entries = new SortedDictionary<string, byte[]>(StringComparer.Ordinal) { ["core/seal-config"] = [2], ["sys/policy/a"] = [4] };
        var bytes = await WriteAsync(barrier, entries);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(new MemoryStream(bytes)));

        Assert.Contains("core/keyring", error.Message, StringComparison.Ordinal);
    }
}
