using Coffer.Core.Barrier;
using Coffer.Sdk.Physical;

namespace Coffer.Core.Tests.Barrier;

/// <summary>A barrier over in-memory storage, initialised and unsealed, with everything a test needs to restart it.</summary>
internal sealed record TestBarrier(AesGcmBarrier Barrier, IPhysicalBackend Physical, byte[] RootKey, ManualTimeProvider Time)
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public static async Task<TestBarrier> UnsealedAsync(IPhysicalBackend? physical = null)
    {
        physical ??= new InMemoryBackend();
        var time = new ManualTimeProvider(Epoch);
        var barrier = new AesGcmBarrier(physical, time);
        var rootKey = AesGcmBarrier.GenerateKey();
        await barrier.InitializeAsync(rootKey, TestContext.Current.CancellationToken);
        await barrier.UnsealAsync(rootKey, TestContext.Current.CancellationToken);
        return new TestBarrier(barrier, physical, rootKey, time);
    }

    /// <summary>A second barrier over the same storage, as after a process restart, unsealed with the same key.</summary>
    public async Task<AesGcmBarrier> RestartAsync()
    {
        var restarted = new AesGcmBarrier(Physical, Time);
        await restarted.UnsealAsync(RootKey, TestContext.Current.CancellationToken);
        return restarted;
    }
}
