using Coffer.Core.Seal;
using Coffer.Core.Storage;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Core.Tests.Seal;

/// <summary>
/// Unsealing opens the barrier first and then loads tokens, policies and mounts through it. Until that load is done the
/// node still reports itself sealed, so no client (nor <c>sys/health</c>) sees a server with an empty mount table.
/// </summary>
public sealed class UnsealWindowTests
{
    [Fact]
    public async Task WhileUnsealLoadsTheMountTable_TheNodeStillReportsSealed()
    {
        var storage = new MountTableGate();
        var core = new CofferCore(new CoreOptions(), storage, TimeProvider.System, NullLoggerFactory.Instance);
        var init = await core.InitializeAsync(new SealConfig(1, 1), null, CancellationToken.None);

        storage.Arm();
        var unseal = core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), CancellationToken.None);
        await storage.Reached.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(core.IsSealed);
        Assert.False(core.IsActive);
        Assert.True((await core.GetSealStatusAsync(CancellationToken.None)).Sealed);

        storage.Release();
        var status = await unseal.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(status.Sealed);
        Assert.False(core.IsSealed);
        Assert.True(core.IsActive);
        Assert.Contains(core.Mounts.Entries, m => m.Path == "sys/");

        await core.SealAsync(CancellationToken.None);
        Assert.True(core.IsSealed);
    }

    /// <summary>Holds the first read of the mount table, once armed, until released.</summary>
    private sealed class MountTableGate : IPhysicalBackend
    {
        private readonly InMemoryBackend _inner = new();
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private volatile bool _armed;

        public Task Reached => _reached.Task;

        public string Name => _inner.Name;

        public void Arm() => _armed = true;

        public void Release() => _released.TrySetResult();

        public async Task<PhysicalEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
        {
            if (_armed && key == CorePaths.Mounts)
            {
                _reached.TrySetResult();
                await _released.Task.WaitAsync(cancellationToken);
            }

            return await _inner.GetAsync(key, cancellationToken);
        }

        public Task PutAsync(PhysicalEntry entry, CancellationToken cancellationToken = default) => _inner.PutAsync(entry, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken = default) => _inner.DeleteAsync(key, cancellationToken);

        public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) => _inner.ListAsync(prefix, cancellationToken);

        public Task CommitAsync(IReadOnlyList<PhysicalOperation> operations, CancellationToken cancellationToken = default) => _inner.CommitAsync(operations, cancellationToken);
    }
}
