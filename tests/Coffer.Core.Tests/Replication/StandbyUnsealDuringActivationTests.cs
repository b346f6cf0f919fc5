using System.Text.Json;
using Coffer.Core.Barrier;
using Coffer.Core.Replication;
using Coffer.Core.Seal;
using Coffer.Core.Storage;
using Coffer.Core.Tests.Ha;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Core.Tests.Replication;

/// <summary>
/// A standby on integrated storage whose unseal, with the cluster's old keys, finishes just as another node's
/// activation as a DR secondary is applied: the mode record already says "secondary", but the old keyring is still
/// stored, so the unseal succeeds and the node believes it holds the primary's keys. The activation's wipe then
/// removes that keyring, and the node must seal rather than go on with keys the cluster no longer uses.
/// </summary>
public sealed class StandbyUnsealDuringActivationTests : IAsyncDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly InMemoryBackend _physical = new();
    private readonly FakeIntegratedStorage _raft;
    private readonly CofferCore _core;

    public StandbyUnsealDuringActivationTests()
    {
        _raft = new FakeIntegratedStorage { Physical = _physical };
        _core = new CofferCore(
            new CoreOptions { ApiAddress = "https://node-1.example:8200" }, _physical, TimeProvider.System, NullLoggerFactory.Instance, _raft,
            new IdleReplicationProvider());
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask DisposeAsync() => await _core.Replication.StopWatchingAsync();

    /// <summary>
    /// Initialises the cluster, hands leadership to another node, and applies the activation's mode record. Returns
    /// the unseal key and, for later, the keyring as a rotation would store it (same root key, one more term).
    /// </summary>
    private async Task<(string UnsealKey, PhysicalEntry RotatedKeyring)> StandbyOfActivatedClusterAsync()
    {
        var init = await _core.InitializeAsync(new SealConfig(1, 1), null, Ct);
        await _core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), Ct);
        var original = (await _physical.GetAsync(AesGcmBarrier.KeyringPath, Ct))!;
        await _core.Barrier.RotateAsync(Ct);
        var rotated = (await _physical.GetAsync(AesGcmBarrier.KeyringPath, Ct))!;
        await _physical.PutAsync(original, Ct);
        await _core.SealAsync(Ct);
        _raft.SetLeader(false);
        var secondary = new DrStateRecord { Mode = DrMode.Secondary, ClusterId = "primary-set", SecondaryId = "dr-east" };
        await _physical.PutAsync(new PhysicalEntry(CorePaths.DrState, JsonSerializer.SerializeToUtf8Bytes(secondary, DrJsonContext.Default.DrStateRecord)), Ct);
        return (Convert.ToBase64String(init.KeyShares[0]), rotated);
    }

    private async Task<bool> SealsWithinAsync(TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!_core.IsSealed && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        return _core.IsSealed;
    }

    [Fact]
    public async Task UnsealWithTheOldKeys_ThenTheWipeIsApplied_Seals()
    {
        var (oldKey, _) = await StandbyOfActivatedClusterAsync();
        await _core.SubmitUnsealKeyAsync(oldKey, Ct);
        Assert.False(_core.IsSealed);
        Assert.True(_core.Replication.IsSecondary);
        _core.Replication.StartWatching();

        await _physical.DeleteAsync(AesGcmBarrier.KeyringPath, Ct);

        Assert.True(await SealsWithinAsync(Patience));
    }

    [Fact]
    public async Task UnsealWithTheOldKeys_ThenAnotherRootKeysKeyringArrives_Seals()
    {
        var other = new InMemoryBackend();
        var primary = new CofferCore(new CoreOptions { ApiAddress = "https://primary.example:8200" }, other, TimeProvider.System, NullLoggerFactory.Instance);
        await primary.InitializeAsync(new SealConfig(1, 1), null, Ct);
        var (oldKey, _) = await StandbyOfActivatedClusterAsync();
        await _core.SubmitUnsealKeyAsync(oldKey, Ct);
        _core.Replication.StartWatching();

        await _physical.PutAsync((await other.GetAsync(AesGcmBarrier.KeyringPath, Ct))!, Ct);

        Assert.True(await SealsWithinAsync(Patience));
    }

    [Fact]
    public async Task KeyringRewrittenUnderTheSameRootKey_StaysUnsealed()
    {
        var (key, rotated) = await StandbyOfActivatedClusterAsync();
        await _core.SubmitUnsealKeyAsync(key, Ct);
        _core.Replication.StartWatching();

        await _physical.PutAsync(rotated, Ct);

        Assert.False(await SealsWithinAsync(TimeSpan.FromSeconds(1)));
    }
}
