using Coffer.Sdk.Logical;

namespace Coffer.Core.Tests.Barrier;

/// <summary>
/// Two barriers over shared storage, as an active node and a standby over integrated storage: the standby picks up
/// the terms the active node adds when it rotates.
/// </summary>
public sealed class KeyringReloadTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_ValueUnderATermAddedByAnotherBarrier_LoadsTheTermAndDecrypts()
    {
        var active = await TestBarrier.UnsealedAsync();
        var standby = await active.RestartAsync();
        await active.Barrier.RotateAsync(Ct);
        await active.Barrier.PutAsync(new StorageEntry("core/ha/active", "node-1"u8.ToArray()), Ct);

        var read = await standby.GetAsync("core/ha/active", Ct);

        Assert.Equal("node-1"u8.ToArray(), read!.Value);
        Assert.Equal(2, standby.GetKeyStatus().Term);
    }

    [Fact]
    public async Task ReloadKeyring_NewerTermsStored_TakesThemAndKeepsOlderTerms()
    {
        var active = await TestBarrier.UnsealedAsync();
        var standby = await active.RestartAsync();
        var sealedUnderTermOne = standby.Encrypt("context", "old"u8);
        await active.Barrier.RotateAsync(Ct);
        await active.Barrier.RotateAsync(Ct);

        Assert.True(await standby.ReloadKeyringAsync(Ct));

        Assert.Equal(3, standby.GetKeyStatus().Term);
        Assert.Equal("old"u8.ToArray(), standby.Decrypt("context", sealedUnderTermOne));
        Assert.Equal("new"u8.ToArray(), active.Barrier.Decrypt("context", standby.Encrypt("context", "new"u8)));
    }

    [Fact]
    public async Task ReloadKeyring_NothingNewer_ReturnsFalse()
    {
        var active = await TestBarrier.UnsealedAsync();

        Assert.False(await active.Barrier.ReloadKeyringAsync(Ct));
        Assert.Equal(1, active.Barrier.GetKeyStatus().Term);
    }
}
