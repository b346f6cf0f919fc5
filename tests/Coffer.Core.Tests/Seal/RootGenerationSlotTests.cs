using Coffer.Core.Replication;
using Coffer.Core.Seal;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Core.Tests.Seal;

/// <summary>One generation slot per node, shared by root-token and DR operation token attempts.</summary>
public sealed class RootGenerationSlotTests : IAsyncLifetime
{
    private CofferCore _core = null!;
    private IReadOnlyList<string> _keys = [];

    public async ValueTask InitializeAsync()
    {
        _core = new CofferCore(new CoreOptions(), new InMemoryBackend(), TimeProvider.System, NullLoggerFactory.Instance);
        var init = await _core.InitializeAsync(new SealConfig(3, 2), null, CancellationToken.None);
        _keys = init.KeyShares.Select(Convert.ToBase64String).ToList();
        foreach (var key in _keys.Take(2))
        {
            await _core.SubmitUnsealKeyAsync(key, CancellationToken.None);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task StartAsync_OtherPurposeRunning_RootGenerationAlreadyInProgress()
    {
        await _core.RootGeneration.StartAsync(RootGenerationPurpose.Root, null, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CofferException>(() =>
            _core.RootGeneration.StartAsync(RootGenerationPurpose.DrOperationToken, null, null, CancellationToken.None));
        Assert.Equal(["root generation already in progress"], error.Errors);
    }

    [Fact]
    public async Task UpdateAsync_OtherPurposeRunning_IncorrectStrategy()
    {
        var started = await _core.RootGeneration.StartAsync(RootGenerationPurpose.Root, null, null, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CofferException>(() =>
            _core.RootGeneration.UpdateAsync(RootGenerationPurpose.DrOperationToken, _keys[0], started.Nonce, CancellationToken.None));
        Assert.Equal(["incorrect strategy supplied; a generate root operation of another type is already in progress"], error.Errors);
        Assert.Equal(0, (await _core.RootGeneration.StatusAsync(CancellationToken.None)).Progress);
    }

    [Fact]
    public async Task CancelForPurpose_OtherPurposeRunning_LeavesItAlone()
    {
        var started = await _core.RootGeneration.StartAsync(RootGenerationPurpose.Root, null, null, CancellationToken.None);

        _core.RootGeneration.Cancel(RootGenerationPurpose.DrOperationToken);
        Assert.Equal(started.Nonce, (await _core.RootGeneration.StatusAsync(CancellationToken.None)).Nonce);

        _core.RootGeneration.Cancel(RootGenerationPurpose.Root);
        Assert.False((await _core.RootGeneration.StatusAsync(CancellationToken.None)).Started);
    }

    [Fact]
    public async Task UpdateAsync_DrTokenCompletedOffASecondary_NotASecondaryAndTheSlotIsFree()
    {
        var started = await _core.RootGeneration.StartAsync(RootGenerationPurpose.DrOperationToken, null, null, CancellationToken.None);
        await _core.RootGeneration.UpdateAsync(RootGenerationPurpose.DrOperationToken, _keys[0], started.Nonce, CancellationToken.None);

        var error = await Assert.ThrowsAsync<CofferException>(() =>
            _core.RootGeneration.UpdateAsync(RootGenerationPurpose.DrOperationToken, _keys[1], started.Nonce, CancellationToken.None));
        Assert.Equal(DrErrors.NotSecondary().Errors, error.Errors);
        Assert.False((await _core.RootGeneration.StatusAsync(CancellationToken.None)).Started);
        Assert.False(await _core.Replication.HasOperationTokenAsync(CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_CompletingShare_FreesTheSlotAndEchoesTheNonce()
    {
        var otp = RootTokenEncoding.GenerateOtp(RootGeneration.OtpLength);
        var started = await _core.RootGeneration.StartAsync(otp, null, CancellationToken.None);
        await _core.RootGeneration.UpdateAsync(_keys[0], started.Nonce, CancellationToken.None);

        var done = await _core.RootGeneration.UpdateAsync(_keys[2], started.Nonce, CancellationToken.None);

        Assert.True(done.Complete);
        Assert.Equal(started.Nonce, done.Nonce);
        Assert.Equal(2, done.Progress);
        Assert.StartsWith("hvs.", RootTokenEncoding.Decode(done.EncodedToken, otp));
        Assert.False((await _core.RootGeneration.StatusAsync(CancellationToken.None)).Started);
    }

    [Fact]
    public async Task UpdateAsync_WrongShares_AbortsAndFreesTheSlot()
    {
        var started = await _core.RootGeneration.StartAsync(null, null, CancellationToken.None);
        await _core.RootGeneration.UpdateAsync(_keys[0], started.Nonce, CancellationToken.None);
        var foreign = Convert.ToBase64String(Enumerable.Range(1, 33).Select(i => (byte)i).ToArray());

        var error = await Assert.ThrowsAsync<CofferException>(() => _core.RootGeneration.UpdateAsync(foreign, started.Nonce, CancellationToken.None));

        Assert.StartsWith("root generation aborted:", error.Errors[0]);
        Assert.False((await _core.RootGeneration.StatusAsync(CancellationToken.None)).Started);
    }
}
