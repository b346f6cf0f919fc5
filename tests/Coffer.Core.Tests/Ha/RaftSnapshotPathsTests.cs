using System.Text.Json.Nodes;
using Coffer.Core.Seal;
using Coffer.Core.Storage;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Core.Tests.Ha;

/// <summary><c>sys/storage/raft/snapshot</c> and <c>snapshot-force</c> through Core's request pipeline.</summary>
public sealed class RaftSnapshotPathsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Cluster(CofferCore Core, FakeIntegratedStorage Raft, string RootToken, byte[] UnsealKey);

    private static async Task<Cluster> StartAsync()
    {
        var physical = new InMemoryBackend();
        var raft = new FakeIntegratedStorage { Physical = physical };
        var core = new CofferCore(new CoreOptions { ApiAddress = "https://node-1.example:8200" }, physical, TimeProvider.System, NullLoggerFactory.Instance, raft);
        var init = await core.InitializeAsync(new SealConfig(1, 1), null, Ct);
        await core.SubmitUnsealKeyAsync(Convert.ToBase64String(init.KeyShares[0]), Ct);
        return new Cluster(core, raft, init.RootToken, init.KeyShares[0]);
    }

    private static async Task WritePolicyAsync(Cluster cluster, string name) =>
        await cluster.Core.HandleRequestAsync(
            new LogicalRequest(Operation.Update, "sys/policies/acl/" + name, new JsonObject { ["policy"] = "path \"secret/*\" { capabilities = [\"read\"] }" })
            { ClientToken = cluster.RootToken },
            Ct);

    private static async Task<bool> PolicyExistsAsync(Cluster cluster, string name)
    {
        try
        {
            return await cluster.Core.HandleRequestAsync(new LogicalRequest(Operation.Read, "sys/policies/acl/" + name) { ClientToken = cluster.RootToken }, Ct) is not null;
        }
        catch (CofferException e) when (e.Kind == ErrorKind.NotFound)
        {
            return false;
        }
    }

    private static async Task<byte[]> SaveAsync(Cluster cluster, string? token = null)
    {
        var response = await cluster.Core.HandleRequestAsync(new LogicalRequest(Operation.Read, "sys/storage/raft/snapshot") { ClientToken = token ?? cluster.RootToken }, Ct);
        Assert.Equal("application/gzip", response!.Raw!.ContentType);
        using var output = new MemoryStream();
        await response.Raw.WriteBodyAsync!(output, Ct);
        return output.ToArray();
    }

    private static Task<LogicalResponse?> RestoreAsync(Cluster cluster, byte[] snapshot, bool force = false) =>
        cluster.Core.HandleRequestAsync(
            new LogicalRequest(Operation.Update, force ? "sys/storage/raft/snapshot-force" : "sys/storage/raft/snapshot")
            {
                ClientToken = cluster.RootToken,
                Body = new MemoryStream(snapshot),
            },
            Ct);

    [Fact]
    public async Task Restore_OwnSnapshot_BringsBackTheSavedStateAndStaysActive()
    {
        var cluster = await StartAsync();
        await WritePolicyAsync(cluster, "saved");
        var snapshot = await SaveAsync(cluster);
        await WritePolicyAsync(cluster, "later");
        await cluster.Core.HandleRequestAsync(new LogicalRequest(Operation.Delete, "sys/policies/acl/saved") { ClientToken = cluster.RootToken }, Ct);

        var response = await RestoreAsync(cluster, snapshot);

        Assert.Null(response);
        Assert.True(cluster.Core.IsActive);
        Assert.True(await PolicyExistsAsync(cluster, "saved"));
        Assert.False(await PolicyExistsAsync(cluster, "later"));
        Assert.Equal(1, cluster.Raft.RestoreGeneration);
    }

    [Fact]
    public async Task Restore_KeepsThisClustersReplicationRecords()
    {
        var cluster = await StartAsync();
        var snapshot = await SaveAsync(cluster);
        await cluster.Raft.Physical!.PutAsync(new PhysicalEntry("replication/local/marker", [42]), Ct);

        await RestoreAsync(cluster, snapshot);

        Assert.Equal([42], (await cluster.Raft.Physical.GetAsync("replication/local/marker", Ct))!.Value);
    }

    [Fact]
    public async Task Restore_AnotherClustersSnapshot_IsRefusedWithoutForce()
    {
        var ours = await StartAsync();
        var theirs = await StartAsync();
        await WritePolicyAsync(theirs, "theirs");

        var error = await Assert.ThrowsAsync<CofferException>(async () => await RestoreAsync(ours, await SaveAsync(theirs)));

        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        Assert.Contains("snapshot-force", string.Join(' ', error.Errors), StringComparison.Ordinal);
        Assert.Equal(0, ours.Raft.RestoreGeneration);
        Assert.False(await PolicyExistsAsync(ours, "theirs"));
    }

    [Fact]
    public async Task RestoreForce_AnotherClustersSnapshot_SealsAndUnsealsWithThatClustersKey()
    {
        var ours = await StartAsync();
        var theirs = await StartAsync();
        await WritePolicyAsync(theirs, "theirs");
        var snapshot = await SaveAsync(theirs);

        var response = await RestoreAsync(ours, snapshot, force: true);

        Assert.True(ours.Core.IsSealed);
        Assert.Contains(response!.Warnings, w => w.Contains("unseal", StringComparison.Ordinal));
        await Assert.ThrowsAsync<CofferException>(() => ours.Core.SubmitUnsealKeyAsync(Convert.ToBase64String(ours.UnsealKey), Ct));
        await ours.Core.SubmitUnsealKeyAsync(Convert.ToBase64String(theirs.UnsealKey), Ct);
        Assert.False(ours.Core.IsSealed);
        Assert.True(await PolicyExistsAsync(ours with { RootToken = theirs.RootToken }, "theirs"));

        // The Raft certificate issuer that admits new nodes was carried across and sealed under the restored keyring.
        Assert.True(ours.Core.IsActive);
        Assert.Equal(ours.Raft.Issuer, (await ours.Core.Storage.GetAsync(CorePaths.RaftTlsIssuer, Ct))!.Value);
        Assert.Null(await ours.Raft.Physical!.GetAsync(CorePaths.RaftTlsIssuerCarried, Ct));
    }

    [Fact]
    public async Task Restore_DamagedOrMissingBody_IsABadRequestAndChangesNothing()
    {
        var cluster = await StartAsync();
        var snapshot = await SaveAsync(cluster);
        snapshot[snapshot.Length / 2] ^= 0x55;

        var damaged = await Assert.ThrowsAsync<CofferException>(() => RestoreAsync(cluster, snapshot, force: true));
        var missing = await Assert.ThrowsAsync<CofferException>(() => cluster.Core.HandleRequestAsync(
            new LogicalRequest(Operation.Update, "sys/storage/raft/snapshot") { ClientToken = cluster.RootToken }, Ct));

        Assert.Equal(ErrorKind.InvalidRequest, damaged.Kind);
        Assert.Equal(ErrorKind.InvalidRequest, missing.Kind);
        Assert.Equal(0, cluster.Raft.RestoreGeneration);
    }

    [Fact]
    public async Task Snapshot_WithoutSudo_IsPermissionDenied()
    {
        var cluster = await StartAsync();
        await cluster.Core.HandleRequestAsync(
            new LogicalRequest(Operation.Update, "sys/policies/acl/snap", new JsonObject
            {
                ["policy"] = "path \"sys/storage/raft/snapshot\" { capabilities = [\"read\", \"update\"] }",
            })
            { ClientToken = cluster.RootToken },
            Ct);
        var created = await cluster.Core.HandleRequestAsync(
            new LogicalRequest(Operation.Update, "auth/token/create", new JsonObject { ["policies"] = new JsonArray("snap") }) { ClientToken = cluster.RootToken }, Ct);

        var error = await Assert.ThrowsAsync<CofferException>(() => SaveAsync(cluster, created!.Auth!.ClientToken));

        Assert.Equal(ErrorKind.PermissionDenied, error.Kind);
    }
}
