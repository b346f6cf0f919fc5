using Coffer.Core.Barrier;
using Coffer.Core.Replication;
using Coffer.Core.Seal;
using Coffer.Sdk.Physical;
using Coffer.Testing;
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

    private readonly DrNodeHarness _node = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask DisposeAsync() => _node.DisposeAsync();

    /// <summary>
    /// Initialises the cluster, hands leadership to another node, and applies the activation's mode record. Returns
    /// the unseal key and, for later, the keyring as a rotation would store it (same root key, one more term).
    /// </summary>
    private async Task<(string UnsealKey, PhysicalEntry RotatedKeyring)> StandbyOfActivatedClusterAsync()
    {
        var init = await _node.Core.InitializeAsync(new SealConfig(1, 1), null, Ct);
        await _node.Core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), Ct);
        var original = (await _node.Physical.GetAsync(AesGcmBarrier.KeyringPath, Ct))!;
        await _node.Core.Barrier.RotateAsync(Ct);
        var rotated = (await _node.Physical.GetAsync(AesGcmBarrier.KeyringPath, Ct))!;
        await _node.Physical.PutAsync(original, Ct);
        await _node.Core.SealAsync(Ct);
        _node.Raft.SetLeader(false);
        await _node.ApplyModeRecordAsync(new DrStateRecord { Mode = DrMode.Secondary, ClusterId = "primary-set", SecondaryId = "dr-east" }, Ct);
        return (Convert.ToBase64String(init.KeyShares[0]), rotated);
    }

    [Fact]
    public async Task UnsealWithTheOldKeys_ThenTheWipeIsApplied_Seals()
    {
        var (oldKey, _) = await StandbyOfActivatedClusterAsync();
        await _node.Core.SubmitUnsealKeyAsync(oldKey, Ct);
        Assert.False(_node.Core.IsSealed);
        Assert.True(_node.Core.Replication.IsSecondary);
        _node.Core.Replication.StartWatching();

        await _node.Physical.DeleteAsync(AesGcmBarrier.KeyringPath, Ct);

        await Eventually.TrueAsync(() => _node.Core.IsSealed, Patience, "the node to seal");
    }

    [Fact]
    public async Task UnsealWithTheOldKeys_ThenAnotherRootKeysKeyringArrives_Seals()
    {
        var other = new InMemoryBackend();
        var primary = new CofferCore(new CoreOptions { ApiAddress = "https://primary.example:8200" }, other, TimeProvider.System, NullLoggerFactory.Instance);
        await primary.InitializeAsync(new SealConfig(1, 1), null, Ct);
        var (oldKey, _) = await StandbyOfActivatedClusterAsync();
        await _node.Core.SubmitUnsealKeyAsync(oldKey, Ct);
        _node.Core.Replication.StartWatching();

        await _node.Physical.PutAsync((await other.GetAsync(AesGcmBarrier.KeyringPath, Ct))!, Ct);

        await Eventually.TrueAsync(() => _node.Core.IsSealed, Patience, "the node to seal");
    }

    [Fact]
    public async Task KeyringRewrittenUnderTheSameRootKey_StaysUnsealed()
    {
        var (key, rotated) = await StandbyOfActivatedClusterAsync();
        await _node.Core.SubmitUnsealKeyAsync(key, Ct);
        _node.Core.Replication.StartWatching();

        await _node.Physical.PutAsync(rotated, Ct);

        // Several passes of the 200 ms watcher, none of which may seal the node.
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.False(_node.Core.IsSealed);
    }
}
