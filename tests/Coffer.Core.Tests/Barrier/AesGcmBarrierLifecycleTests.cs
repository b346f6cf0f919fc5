using System.Buffers.Binary;
using System.Text;
using Coffer.Core.Barrier;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;

namespace Coffer.Core.Tests.Barrier;

public sealed class AesGcmBarrierLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NewBarrier_FreshStorage_IsSealedAndUninitialized()
    {
        var barrier = new AesGcmBarrier(new InMemoryBackend(), TimeProvider.System);
        Assert.True(barrier.IsSealed);
        Assert.False(await barrier.IsInitializedAsync(Ct));
    }

    [Fact]
    public async Task InitializeAsync_FreshStorage_StoresEncryptedKeyringAndStaysSealed()
    {
        var physical = new InMemoryBackend();
        var barrier = new AesGcmBarrier(physical, TimeProvider.System);
        var rootKey = AesGcmBarrier.GenerateKey();

        await barrier.InitializeAsync(rootKey, Ct);

        Assert.True(barrier.IsSealed);
        Assert.True(await barrier.IsInitializedAsync(Ct));
        var stored = await physical.GetAsync(AesGcmBarrier.KeyringPath, Ct);
        Assert.NotNull(stored);
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32BigEndian(stored.Value));
    }

    [Fact]
    public async Task InitializeAsync_AlreadyInitialized_Throws()
    {
        var test = await TestBarrier.UnsealedAsync();
        var exception = await Assert.ThrowsAsync<CofferException>(() => test.Barrier.InitializeAsync(AesGcmBarrier.GenerateKey(), Ct));
        Assert.Equal(ErrorKind.InvalidRequest, exception.Kind);
        Assert.Equal(["Vault is already initialized"], exception.Errors);
    }

    [Fact]
    public async Task InitializeAsync_RootKeyOfWrongLength_Throws()
    {
        var barrier = new AesGcmBarrier(new InMemoryBackend(), TimeProvider.System);
        await Assert.ThrowsAsync<ArgumentException>(() => barrier.InitializeAsync(new byte[20], Ct));
        Assert.False(await barrier.IsInitializedAsync(Ct));
    }

    [Fact]
    public async Task UnsealAsync_Uninitialized_Throws()
    {
        var barrier = new AesGcmBarrier(new InMemoryBackend(), TimeProvider.System);
        var exception = await Assert.ThrowsAsync<CofferException>(() => barrier.UnsealAsync(AesGcmBarrier.GenerateKey(), Ct));
        Assert.Equal(["Vault is not initialized"], exception.Errors);
    }

    [Theory]
    [InlineData(32)]
    [InlineData(31)]
    [InlineData(0)]
    public async Task UnsealAsync_WrongRootKey_ThrowsInvalidKeyAndStaysSealed(int length)
    {
        var physical = new InMemoryBackend();
        var barrier = new AesGcmBarrier(physical, TimeProvider.System);
        await barrier.InitializeAsync(AesGcmBarrier.GenerateKey(), Ct);

        var exception = await Assert.ThrowsAsync<CofferException>(() => barrier.UnsealAsync(new byte[length], Ct));

        Assert.Equal(ErrorKind.InvalidRequest, exception.Kind);
        Assert.Equal(["unseal failed, invalid key"], exception.Errors);
        Assert.True(barrier.IsSealed);
    }

    [Fact]
    public async Task UnsealAsync_CallerWipesTheirKeyAfterwards_BarrierKeepsWorking()
    {
        var physical = new InMemoryBackend();
        var barrier = new AesGcmBarrier(physical, TimeProvider.System);
        var rootKey = AesGcmBarrier.GenerateKey();
        await barrier.InitializeAsync(rootKey, Ct);
        await barrier.UnsealAsync(rootKey, Ct);
        Array.Clear(rootKey);

        await barrier.RotateAsync(Ct);
        Assert.Equal(2, barrier.GetKeyStatus().Term);
    }

    [Fact]
    public async Task Seal_UnsealedBarrier_RefusesEveryOperation()
    {
        var test = await TestBarrier.UnsealedAsync();
        var ciphertext = test.Barrier.Encrypt(string.Empty, [1]);
        test.Barrier.Seal();

        Assert.True(test.Barrier.IsSealed);
        AssertSealed(() => test.Barrier.Encrypt(string.Empty, [1]));
        AssertSealed(() => test.Barrier.Decrypt(string.Empty, ciphertext));
        AssertSealed(() => test.Barrier.GetKeyStatus());
        AssertSealed(() => test.Barrier.ExportKeyring());
        await AssertSealedAsync(() => test.Barrier.GetAsync("a", Ct));
        await AssertSealedAsync(() => test.Barrier.PutAsync(new StorageEntry("a", [1]), Ct));
        await AssertSealedAsync(() => test.Barrier.DeleteAsync("a", Ct));
        await AssertSealedAsync(() => test.Barrier.ListAsync(string.Empty, Ct));
        await AssertSealedAsync(() => test.Barrier.CommitAsync([StorageOperation.Put("a", [1])], Ct));
        await AssertSealedAsync(() => test.Barrier.RotateAsync(Ct));
        await AssertSealedAsync(() => test.Barrier.ReplaceRootKeyAsync(AesGcmBarrier.GenerateKey(), Ct));
    }

    [Fact]
    public async Task UnsealAsync_AfterSeal_ReadsEarlierData()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("a", [1, 2]), Ct);
        test.Barrier.Seal();
        test.Barrier.Seal();

        await test.Barrier.UnsealAsync(test.RootKey, Ct);

        Assert.Equal(new byte[] { 1, 2 }, (await test.Barrier.GetAsync("a", Ct))?.Value);
    }

    [Fact]
    public async Task UnsealAsync_AlreadyUnsealed_DoesNothing()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.RotateAsync(Ct);
        await test.Barrier.UnsealAsync(test.RootKey, Ct);
        Assert.Equal(2, test.Barrier.GetKeyStatus().Term);
    }

    [Fact]
    public async Task RestartAsync_NewBarrierOverSameStorage_ReadsEverything()
    {
        var test = await TestBarrier.UnsealedAsync();
        for (var i = 0; i < 20; i++)
        {
            await test.Barrier.PutAsync(new StorageEntry($"data/{i}", Encoding.UTF8.GetBytes($"value {i}")), Ct);
        }

        var restarted = await test.RestartAsync();

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal($"value {i}", Encoding.UTF8.GetString((await restarted.GetAsync($"data/{i}", Ct))!.Value));
        }
    }

    [Fact]
    public async Task RotateAsync_ExistingEntries_StayReadableAndNewWritesUseNewTerm()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("old", [1]), Ct);
        test.Time.Advance(TimeSpan.FromDays(1));

        var status = await test.Barrier.RotateAsync(Ct);
        await test.Barrier.PutAsync(new StorageEntry("new", [2]), Ct);

        Assert.Equal(2, status.Term);
        Assert.Equal(TestBarrier.Epoch.AddDays(1), status.InstallTime);
        Assert.Equal(new byte[] { 1 }, (await test.Barrier.GetAsync("old", Ct))!.Value);
        Assert.Equal(new byte[] { 2 }, (await test.Barrier.GetAsync("new", Ct))!.Value);
        Assert.Equal(1u, await PhysicalTermAsync(test.Physical, "old"));
        Assert.Equal(2u, await PhysicalTermAsync(test.Physical, "new"));
    }

    [Fact]
    public async Task RotateAsync_ThenRestart_RestartedBarrierReadsBothTermsAndWritesNewest()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("old", [1]), Ct);
        await test.Barrier.RotateAsync(Ct);
        await test.Barrier.RotateAsync(Ct);
        await test.Barrier.PutAsync(new StorageEntry("new", [3]), Ct);

        var restarted = await test.RestartAsync();
        await restarted.PutAsync(new StorageEntry("after", [4]), Ct);

        Assert.Equal(3, restarted.GetKeyStatus().Term);
        Assert.Equal(new byte[] { 1 }, (await restarted.GetAsync("old", Ct))!.Value);
        Assert.Equal(new byte[] { 3 }, (await restarted.GetAsync("new", Ct))!.Value);
        Assert.Equal(3u, await PhysicalTermAsync(test.Physical, "after"));
    }

    [Fact]
    public async Task GetKeyStatus_AfterWrites_ReportsTermInstallTimeAndEncryptions()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("a", [1]), Ct);
        test.Barrier.Encrypt(string.Empty, [2]);
        await test.Barrier.CommitAsync([StorageOperation.Put("b", [3]), StorageOperation.Put("c", [4]), StorageOperation.Delete("a")], Ct);

        Assert.Equal(new KeyStatus(1, TestBarrier.Epoch, 4), test.Barrier.GetKeyStatus());

        await test.Barrier.RotateAsync(Ct);
        Assert.Equal(0, test.Barrier.GetKeyStatus().Encryptions);
    }

    [Fact]
    public async Task ImportKeyringAsync_KeyringFromAnotherBarrier_DecryptsItsCiphertext()
    {
        var primary = await TestBarrier.UnsealedAsync();
        await primary.Barrier.RotateAsync(Ct);
        await primary.Barrier.PutAsync(new StorageEntry("shipped", [9, 9]), Ct);
        var batchToken = primary.Barrier.Encrypt(string.Empty, [7]);
        var secondary = await TestBarrier.UnsealedAsync();

        await secondary.Barrier.ImportKeyringAsync(primary.Barrier.ExportKeyring(), primary.RootKey, Ct);

        // Replication ships ciphertext below the barrier: copy the physical entry as-is.
        var shipped = await primary.Physical.GetAsync("shipped", Ct);
        await secondary.Physical.PutAsync(shipped!, Ct);
        Assert.Equal(new byte[] { 9, 9 }, (await secondary.Barrier.GetAsync("shipped", Ct))!.Value);
        Assert.Equal(new byte[] { 7 }, secondary.Barrier.Decrypt(string.Empty, batchToken));
        Assert.Equal(2, secondary.Barrier.GetKeyStatus().Term);

        var restarted = new AesGcmBarrier(secondary.Physical, TimeProvider.System);
        await Assert.ThrowsAsync<CofferException>(() => restarted.UnsealAsync(secondary.RootKey, Ct));
        await restarted.UnsealAsync(primary.RootKey, Ct);
        Assert.Equal(new byte[] { 9, 9 }, (await restarted.GetAsync("shipped", Ct))!.Value);
    }

    [Fact]
    public async Task ImportKeyringAsync_SealedBarrier_StaysSealedAndUnsealsWithGivenKey()
    {
        var primary = await TestBarrier.UnsealedAsync();
        var sealedOne = new AesGcmBarrier(new InMemoryBackend(), TimeProvider.System);

        await sealedOne.ImportKeyringAsync(primary.Barrier.ExportKeyring(), primary.RootKey, Ct);

        Assert.True(sealedOne.IsSealed);
        await sealedOne.UnsealAsync(primary.RootKey, Ct);
        Assert.Equal(new byte[] { 5 }, sealedOne.Decrypt("x", primary.Barrier.Encrypt("x", [5])));
    }

    [Fact]
    public async Task ImportKeyringAsync_Garbage_ThrowsArgumentException()
    {
        var test = await TestBarrier.UnsealedAsync();
        await Assert.ThrowsAsync<ArgumentException>(() => test.Barrier.ImportKeyringAsync([1, 2, 3], test.RootKey, Ct));
        Assert.Equal(1, test.Barrier.GetKeyStatus().Term);
    }

    [Fact]
    public async Task ReplaceRootKeyAsync_NewKey_OnlyNewKeyUnsealsAfterwards()
    {
        var test = await TestBarrier.UnsealedAsync();
        await test.Barrier.PutAsync(new StorageEntry("a", [1]), Ct);
        var newRootKey = AesGcmBarrier.GenerateKey();

        await test.Barrier.ReplaceRootKeyAsync(newRootKey, Ct);

        Assert.Equal(new byte[] { 1 }, (await test.Barrier.GetAsync("a", Ct))!.Value);
        var restarted = new AesGcmBarrier(test.Physical, TimeProvider.System);
        await Assert.ThrowsAsync<CofferException>(() => restarted.UnsealAsync(test.RootKey, Ct));
        await restarted.UnsealAsync(newRootKey, Ct);
        Assert.Equal(new byte[] { 1 }, (await restarted.GetAsync("a", Ct))!.Value);

        // Rotation after a root key change must persist under the new root key too.
        await test.Barrier.RotateAsync(Ct);
        var again = new AesGcmBarrier(test.Physical, TimeProvider.System);
        await again.UnsealAsync(newRootKey, Ct);
        Assert.Equal(2, again.GetKeyStatus().Term);
    }

    private static async Task<uint> PhysicalTermAsync(IPhysicalBackend physical, string key)
    {
        var entry = await physical.GetAsync(key, Ct);
        return BinaryPrimitives.ReadUInt32BigEndian(entry!.Value);
    }

    private static void AssertSealed(Action action)
    {
        var exception = Assert.Throws<CofferException>(action);
        Assert.Equal(ErrorKind.Sealed, exception.Kind);
    }

    private static async Task AssertSealedAsync(Func<Task> action)
    {
        var exception = await Assert.ThrowsAsync<CofferException>(action);
        Assert.Equal(ErrorKind.Sealed, exception.Kind);
    }
}
