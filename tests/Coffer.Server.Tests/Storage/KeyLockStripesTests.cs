using Coffer.Server.Storage;

namespace Coffer.Server.Tests.Storage;

public sealed class KeyLockStripesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcquireAsync_KeyAlreadyHeld_WaitsUntilReleased()
    {
        var stripes = new KeyLockStripes(4);
        var first = await stripes.AcquireAsync(["k"], Ct);

        var second = stripes.AcquireAsync(["other", "k"], Ct);
        await Task.Delay(50, Ct);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileWaiting_ReleasesWhatItTook()
    {
        // One stripe: every key collides, so "a" is free only if the cancelled waiter gave it back.
        var stripes = new KeyLockStripes(1);
        var held = await stripes.AcquireAsync(["a"], Ct);
        using var cancel = new CancellationTokenSource();

        var waiting = stripes.AcquireAsync(["b"], cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();

        (await stripes.AcquireAsync(["a"], Ct).WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }

    [Fact]
    public async Task AcquireAsync_ReleasedTwice_ReleasesOnce()
    {
        var stripes = new KeyLockStripes(1);
        var held = await stripes.AcquireAsync(["a"], Ct);
        held.Dispose();
        held.Dispose();

        var again = await stripes.AcquireAsync(["a"], Ct);
        var blocked = stripes.AcquireAsync(["a"], Ct);
        await Task.Delay(50, Ct);

        Assert.False(blocked.IsCompleted);
        again.Dispose();
        (await blocked.WaitAsync(TimeSpan.FromSeconds(5), Ct)).Dispose();
    }
}
