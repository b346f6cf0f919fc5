using Coffer.Core.Ha;
using Coffer.Core.Seal;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Core.Tests.Ha;

/// <summary>Active and standby over integrated storage, as Core decides them from leadership.</summary>
public sealed class HighAvailabilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly FakeIntegratedStorage _raft = new();
    private readonly CofferCore _core;

    public HighAvailabilityTests()
    {
        _core = new CofferCore(new CoreOptions { ApiAddress = "https://node-1.example:8200" }, new InMemoryBackend(), TimeProvider.System,
            NullLoggerFactory.Instance, _raft);
    }

    private async Task<string> InitAndUnsealAsync()
    {
        var init = await _core.InitializeAsync(new SealConfig(1, 1), null, Ct);
        await _core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), Ct);
        return init.RootToken;
    }

    private static LogicalRequest Read(string path, string token) => new(Operation.Read, path, null) { ClientToken = token };

    [Fact]
    public async Task Initialize_WithIntegratedStorage_BootstrapsAndKeepsTheIssuerUnderTheBarrier()
    {
        await InitAndUnsealAsync();

        Assert.True(_raft.Bootstrapped);
        Assert.True(_raft.BootstrapCompletedCalled);
        Assert.Equal([false, true], _raft.UnsealedCalls);
        Assert.Equal(_raft.Issuer, (await _core.Storage.GetAsync("replication/local/raft/tls-issuer", Ct))!.Value);
    }

    [Fact]
    public async Task Unseal_AsLeader_BecomesActiveAndAdvertisesItself()
    {
        var root = await InitAndUnsealAsync();

        Assert.True(_core.IsActive);
        Assert.False(_core.IsStandby);
        Assert.NotNull(_core.ActiveSince);
        var advertisement = await _core.ReadActiveNodeAsync(Ct);
        Assert.Equal(new ActiveNodeAdvertisement("node-1", "https://node-1.example:8200", "10.0.0.1:8201", 4, _core.ActiveSince!.Value), advertisement);
        Assert.NotNull(await _core.HandleRequestAsync(Read("sys/mounts", root), Ct));
    }

    [Fact]
    public async Task Seal_TellsIntegratedStorageSoThatTheNodeStopsLeading()
    {
        await InitAndUnsealAsync();

        await _core.SealAsync(Ct);

        Assert.Equal([false, true, false], _raft.UnsealedCalls);
        Assert.False(_core.IsActive);
    }

    [Fact]
    public async Task LeadershipLost_NodeIsAStandbyThatRefusesToServe()
    {
        var root = await InitAndUnsealAsync();

        _raft.SetLeader(false);

        Assert.True(_core.IsStandby);
        var error = await Assert.ThrowsAsync<CofferException>(() => _core.HandleRequestAsync(Read("sys/mounts", root), Ct));
        Assert.Equal(ErrorKind.Unavailable, error.Kind);
    }

    [Fact]
    public async Task LeadershipRegained_BecomesActiveAgainInTheNewTerm()
    {
        await InitAndUnsealAsync();
        _raft.SetLeader(false);
        _raft.Term = 5;

        _raft.SetLeader(true);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_core.IsActive && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, Ct);
        }

        Assert.True(_core.IsActive);
        Assert.Equal(5, (await _core.ReadActiveNodeAsync(Ct))!.Term);
    }

    [Fact]
    public async Task Heartbeat_SealedByAStandby_IsOpenedAndRecorded_ForgedOnesAreRefused()
    {
        await InitAndUnsealAsync();
        var sealedHeartbeat = _core.SealHeartbeat();

        Assert.True(_core.AcceptHeartbeat("node-1", sealedHeartbeat));
        var heartbeat = Assert.Single(_raft.Heartbeats);
        Assert.Equal(("node-1", 41L, 4L), (heartbeat.NodeId, heartbeat.AppliedIndex, heartbeat.Term));

        Assert.Equal(ErrorKind.PermissionDenied, Assert.Throws<CofferException>(() => _core.AcceptHeartbeat("node-2", sealedHeartbeat)).Kind);
        Assert.Equal(ErrorKind.PermissionDenied, Assert.Throws<CofferException>(() => _core.AcceptHeartbeat("node-1", "bm90IHNlYWxlZA==")).Kind);
    }

    [Fact]
    public async Task JoinChallenge_AnsweredWithTheOpenedBytes_IsAccepted_AWrongAnswerIsNot()
    {
        await InitAndUnsealAsync();
        var challenge = await _core.CreateJoinChallengeAsync("node-2", Ct);
        var opened = _core.Barrier.Decrypt(ClusterPurposes.JoinChallenge("node-2"), Convert.FromBase64String((string)challenge["challenge"]!));
        var credentials = _core.Barrier.Decrypt(ClusterPurposes.JoinCredentials("node-2"), Convert.FromBase64String((string)challenge["credentials"]!));
        Assert.Equal("credentials for node-2"u8.ToArray(), credentials);
        Assert.Equal(1, (int)challenge["seal_config"]!["secret_shares"]!);

        var wrong = await Assert.ThrowsAsync<CofferException>(() =>
            _core.AnswerJoinChallengeAsync("node-2", Convert.ToBase64String(new byte[32]), "10.0.0.2:8201", Ct));
        Assert.Equal("invalid answer given", wrong.Message);

        var answer = await _core.AnswerJoinChallengeAsync("node-2", Convert.ToBase64String(opened), "10.0.0.2:8201", Ct);
        Assert.Equal(42, (long)answer["index"]!);
    }

    [Fact]
    public async Task WithoutIntegratedStorage_UnsealedNodeIsActive()
    {
        var core = new CofferCore(new CoreOptions(), new InMemoryBackend(), TimeProvider.System, NullLoggerFactory.Instance);
        var init = await core.InitializeAsync(new SealConfig(1, 1), null, Ct);
        await core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), Ct);

        Assert.True(core.IsActive);
        Assert.False(core.IsStandby);
        Assert.Null(core.IntegratedStorage);
    }
}
