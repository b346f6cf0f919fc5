using Coffer.Core.Replication;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;

namespace Coffer.Core.Tests.Replication;

public sealed class DrSecondaryWriteGuardTests
{
    private readonly InMemoryBackend _inner = new();

    [Fact]
    public async Task Writes_WhileReadOnly_AreRefusedOutsideTheReplicationPrefix()
    {
        var guard = new DrSecondaryWriteGuard(_inner, () => true);

        var put = await Assert.ThrowsAsync<CofferException>(() => guard.PutAsync(new PhysicalEntry("logical/x", [1])));
        Assert.Equal(DrErrors.PathDisabledMessage, put.Errors[0]);
        await Assert.ThrowsAsync<CofferException>(() => guard.DeleteAsync("core/mounts"));
        await Assert.ThrowsAsync<CofferException>(() => guard.CommitAsync(
            [PhysicalOperation.Put("replication/local/a", [1]), PhysicalOperation.Put("sys/token/id/h1", [2])]));
        Assert.Null(await _inner.GetAsync("replication/local/a"));

        await guard.PutAsync(new PhysicalEntry("replication/local/dr-state", [3]));
        Assert.NotNull(await _inner.GetAsync("replication/local/dr-state"));
    }

    [Fact]
    public async Task Writes_WhenNotReadOnly_PassThrough()
    {
        var readOnly = false;
        var guard = new DrSecondaryWriteGuard(_inner, () => readOnly);

        await guard.CommitAsync([PhysicalOperation.Put("logical/x", [1])]);
        Assert.NotNull(await guard.GetAsync("logical/x"));

        readOnly = true;
        await Assert.ThrowsAsync<CofferException>(() => guard.DeleteAsync("logical/x"));
        Assert.NotNull(await guard.GetAsync("logical/x"));
    }
}
