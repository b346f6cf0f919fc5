using System.Text;
using Coffer.Core.Barrier;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;
using CsCheck;

namespace Coffer.Core.Tests.Barrier;

public sealed class AesGcmBarrierStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_AfterPut_ReturnsPlaintextWhileStorageHoldsCiphertext()
    {
        var test = await TestBarrier.UnsealedAsync();
        var value = Encoding.UTF8.GetBytes("{\"password\":\"hunter2\"}");

        await test.Barrier.PutAsync(new StorageEntry("secret/app", value), Ct);

        var entry = await test.Barrier.GetAsync("secret/app", Ct);
        Assert.Equal("secret/app", entry!.Key);
        Assert.Equal(value, entry.Value);
        var stored = await test.Physical.GetAsync("secret/app", Ct);
        Assert.DoesNotContain("hunter2", Encoding.Latin1.GetString(stored!.Value), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAsync_MissingKey_ReturnsNull()
    {
        var test = await TestBarrier.UnsealedAsync();
        Assert.Null(await test.Barrier.GetAsync("nothing/here", Ct));
    }

    [Fact]
    public async Task ReadAsync_AfterPut_ParsesThePlaintextAndMissingKeyGivesDefault()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("secret/app", Encoding.UTF8.GetBytes("pooled plaintext")), Ct);

        Assert.Equal("pooled plaintext", await test.Barrier.ReadAsync("secret/app", value => Encoding.UTF8.GetString(value), Ct));
        Assert.Null(await test.Barrier.ReadAsync("nothing/here", value => Encoding.UTF8.GetString(value), Ct));
    }

    [Fact]
    public async Task ReadAsync_TamperedCiphertext_ThrowsWithoutParsing()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("k", Encoding.UTF8.GetBytes("tamper-evident value")), Ct);
        var tampered = (await test.Physical.GetAsync("k", Ct))!.Value;
        tampered[^1] ^= 1;
        await test.Physical.PutAsync(new PhysicalEntry("k", tampered), Ct);
        var parsed = false;

        await Assert.ThrowsAsync<BarrierDecryptionException>(() => test.Barrier.ReadAsync("k", _ => parsed = true, Ct));
        Assert.False(parsed);
    }

    [Fact]
    public async Task CommitAsync_ThenChangingTheCallersArray_DoesNotChangeWhatIsRead()
    {
        var test = await TestBarrier.UnsealedAsync();
        var value = Encoding.UTF8.GetBytes("original");

        await test.Barrier.CommitAsync([StorageOperation.Put("k", value)], Ct);
        value[0] = (byte)'X';

        Assert.Equal("original", Encoding.UTF8.GetString((await test.Barrier.GetAsync("k", Ct))!.Value));
    }

    [Fact]
    public async Task GetAsync_AnySingleBitFlipped_ThrowsInsteadOfReturning()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("k", Encoding.UTF8.GetBytes("tamper-evident value")), Ct);
        var original = (await test.Physical.GetAsync("k", Ct))!.Value;

        // Every byte of the envelope (term, version, nonce, ciphertext, tag), with every single-bit flip.
        for (var index = 0; index < original.Length; index++)
        {
            for (var bit = 0; bit < 8; bit++)
            {
                var tampered = original.ToArray();
                tampered[index] ^= (byte)(1 << bit);
                await test.Physical.PutAsync(new PhysicalEntry("k", tampered), Ct);
                await Assert.ThrowsAsync<BarrierDecryptionException>(() => test.Barrier.GetAsync("k", Ct));
            }
        }
    }

    [Fact]
    public async Task GetAsync_ArbitraryByteChanges_NeverReturnsAValue()
    {
        var test = await TestBarrier.UnsealedAsync();
        var cases =
            from value in Gen.Byte.Array[0, 200]
            from position in Gen.Int[0, int.MaxValue]
            from mask in Gen.Byte[1, 255]
            select (value, position, mask);
        await cases.SampleAsync(async (value, position, mask) =>
        {
            await test.Barrier.PutAsync(new StorageEntry("p", value), Ct);
            var tampered = (await test.Physical.GetAsync("p", Ct))!.Value;
            tampered[position % tampered.Length] ^= mask;
            await test.Physical.PutAsync(new PhysicalEntry("p", tampered), Ct);
            await Assert.ThrowsAsync<BarrierDecryptionException>(() => test.Barrier.GetAsync("p", Ct));
        }, threads: 1);
    }

    [Fact]
    public async Task GetAsync_TruncatedOrExtendedCiphertext_Throws()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("k", new byte[100]), Ct);
        var original = (await test.Physical.GetAsync("k", Ct))!.Value;

        foreach (var length in new[] { 0, 1, 16, 32, 33, original.Length - 1 })
        {
            await test.Physical.PutAsync(new PhysicalEntry("k", original[..length]), Ct);
            await Assert.ThrowsAsync<BarrierDecryptionException>(() => test.Barrier.GetAsync("k", Ct));
        }

        await test.Physical.PutAsync(new PhysicalEntry("k", [.. original, 0]), Ct);
        await Assert.ThrowsAsync<BarrierDecryptionException>(() => test.Barrier.GetAsync("k", Ct));
    }

    [Fact]
    public async Task GetAsync_CiphertextMovedToAnotherKey_Throws()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("auth/token/id/alice", [1, 2, 3]), Ct);
        var stored = await test.Physical.GetAsync("auth/token/id/alice", Ct);

        await test.Physical.PutAsync(new PhysicalEntry("auth/token/id/mallory", stored!.Value), Ct);

        await Assert.ThrowsAsync<BarrierDecryptionException>(() => test.Barrier.GetAsync("auth/token/id/mallory", Ct));
        Assert.Equal(new byte[] { 1, 2, 3 }, (await test.Barrier.GetAsync("auth/token/id/alice", Ct))!.Value);
    }

    [Fact]
    public async Task DeleteAsync_ExistingKey_RemovesIt()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("k", [1]), Ct);
        await test.Barrier.DeleteAsync("k", Ct);
        Assert.Null(await test.Barrier.GetAsync("k", Ct));
        Assert.Null(await test.Physical.GetAsync("k", Ct));
    }

    [Fact]
    public async Task ListAsync_Prefix_PassesThroughToPhysicalListing()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("logical/a", [1]), Ct);
        await test.Barrier.PutAsync(new StorageEntry("logical/b/c", [1]), Ct);

        Assert.Equal(["a", "b/"], await test.Barrier.ListAsync("logical/", Ct));
        Assert.Equal(["keyring"], await test.Barrier.ListAsync("core/", Ct));
    }

    [Fact]
    public async Task CommitAsync_MixedOperations_EncryptsEachAndCommitsOnce()
    {
        var physical = new RecordingBackend();
        var test = await TestBarrier.UnsealedAsync(physical);
        await test.Barrier.PutAsync(new StorageEntry("gone", [0]), Ct);

        await test.Barrier.CommitAsync(
            [StorageOperation.Put("x", [1]), StorageOperation.Put("y", [2]), StorageOperation.Delete("gone")], Ct);

        var commit = Assert.Single(physical.Commits);
        Assert.Equal(["x", "y", "gone"], commit.Select(o => o.Key));
        Assert.True(commit[2].IsDelete);
        Assert.Equal(1 + 33, commit[0].Value!.Length);
        Assert.Equal(new byte[] { 1 }, (await test.Barrier.GetAsync("x", Ct))!.Value);
        Assert.Equal(new byte[] { 2 }, (await test.Barrier.GetAsync("y", Ct))!.Value);
        Assert.Null(await test.Barrier.GetAsync("gone", Ct));
    }

    [Fact]
    public async Task ReservedKeyring_ThroughStorage_IsRefusedAndLeftIntact()
    {
        var test = await TestBarrier.UnsealedAsync();
        var before = (await test.Physical.GetAsync(AesGcmBarrier.KeyringPath, Ct))!.Value;

        await AssertReservedAsync(() => test.Barrier.PutAsync(new StorageEntry(AesGcmBarrier.KeyringPath, [1]), Ct));
        await AssertReservedAsync(() => test.Barrier.PutAsync(new StorageEntry(AesGcmBarrier.KeyringPath + "/x", [1]), Ct));
        await AssertReservedAsync(() => test.Barrier.DeleteAsync(AesGcmBarrier.KeyringPath, Ct));
        await AssertReservedAsync(() => test.Barrier.GetAsync(AesGcmBarrier.KeyringPath, Ct));
        await AssertReservedAsync(() => test.Barrier.CommitAsync(
            [StorageOperation.Put("fine", [1]), StorageOperation.Delete(AesGcmBarrier.KeyringPath)], Ct));

        Assert.Equal(before, (await test.Physical.GetAsync(AesGcmBarrier.KeyringPath, Ct))!.Value);
        Assert.Null(await test.Physical.GetAsync("fine", Ct));
        await test.RestartAsync();
    }

    [Fact]
    public async Task StorageView_OverBarrier_ScopesAndEncrypts()
    {
        var test = await TestBarrier.UnsealedAsync();
        var view = new StorageView(test.Barrier, "logical/1234/");

        await view.PutAsync(new StorageEntry("config", [4, 2]), Ct);

        Assert.Equal(new byte[] { 4, 2 }, (await view.GetAsync("config", Ct))!.Value);
        Assert.Equal(new byte[] { 4, 2 }, test.Barrier.Decrypt("logical/1234/config", (await test.Physical.GetAsync("logical/1234/config", Ct))!.Value));
    }

    private static async Task AssertReservedAsync(Func<Task> action)
    {
        var exception = await Assert.ThrowsAsync<CofferException>(action);
        Assert.Equal(ErrorKind.InvalidRequest, exception.Kind);
    }
}
