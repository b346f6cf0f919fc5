using System.Net;
using System.Security.Cryptography.X509Certificates;
using Coffer.Replication.Protocol;
using Coffer.Replication.Primary;
using Coffer.Replication.Secondary;
using Coffer.Replication.Tests.Support;
using Coffer.Replication.Wal;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using Coffer.Testing;
using Grpc.Core;

namespace Coffer.Replication.Tests.Replication;

public sealed class SecurityTests
{
    [Fact]
    public async Task Revoke_ConnectedSecondary_IsCutOffAndRefusedOnReconnect()
    {
        await using var pair = await DrPair.StartAsync();
        await pair.PutAsync("logical/a", "1");
        await pair.WaitCaughtUpAsync();

        await pair.Primary.RevokeAsync("dr-east");

        await Eventually.TrueAsync(() => pair.Secondary!.Status.ConnectionState == ConnectionState.Shutdown,
            DrPair.Patience, "the revoked secondary to shut down", state: () => pair.Secondary!.Status.ToString());
        Assert.Contains("revoked", pair.Secondary!.Status.LastError);
        await pair.PutAsync("logical/b", "2");
        await Task.Delay(500);
        Assert.Null(await pair.SecondaryStorage.GetAsync("logical/b"));
        Assert.Empty(pair.Primary.GetStatus().KnownSecondaries);
        Assert.Contains(pair.Primary.GetStatus().Secondaries, s => s is { Id: "dr-east", Revoked: true, Connected: false });

        // The same credentials are refused on a fresh connection too.
        await pair.StopSecondaryAsync();
        var again = pair.StartSecondary();
        await Eventually.TrueAsync(() => again.Status.ConnectionState == ConnectionState.Shutdown,
            DrPair.Patience, "the revoked credentials to be refused on a fresh connection", state: () => again.Status.ToString());
        Assert.Contains("refused", again.Status.LastError);
        Assert.Null(await pair.SecondaryStorage.GetAsync("logical/b"));
    }

    [Fact]
    public async Task Revoke_ThenIssueAgain_NewCredentialsWorkAndOldStayRefused()
    {
        await using var pair = await DrPair.StartAsync(startSecondary: false);
        var old = pair.Bundle;
        await pair.Primary.RevokeAsync("dr-east");
        var renewed = await pair.Primary.IssueSecondaryCredentialsAsync("dr-east");
        await pair.PutAsync("logical/a", "1");

        pair.StartSecondary(renewed);
        await pair.WaitCaughtUpAsync();
        await pair.StopSecondaryAsync();

        var stale = pair.StartSecondary(old);
        await Eventually.TrueAsync(() => stale.Status.ConnectionState == ConnectionState.Shutdown,
            DrPair.Patience, "the stale credentials to be refused", state: () => stale.Status.ToString());
        Assert.Equal(["dr-east"], pair.Primary.GetStatus().KnownSecondaries);
    }

    [Fact]
    public async Task IssueSecondaryCredentials_IdInUse_IsRefused()
    {
        await using var pair = await DrPair.StartAsync(startSecondary: false);

        var error = await Assert.ThrowsAsync<CofferException>(() => pair.Primary.IssueSecondaryCredentialsAsync("dr-east"));
        Assert.Equal(ErrorKind.InvalidRequest, error.Kind);
        await Assert.ThrowsAsync<CofferException>(() => pair.Primary.IssueSecondaryCredentialsAsync(""));
        await Assert.ThrowsAsync<CofferException>(() => pair.Primary.RevokeAsync("never-issued"));
    }

    [Fact]
    public async Task Secondary_ClientCertificateFromAnotherCa_IsRefused()
    {
        await using var pair = await DrPair.StartAsync(startSecondary: false);
        await pair.PutAsync("logical/a", "1");
        await using var other = await DrPair.StartAsync(startSecondary: false);

        // Trusts the right primary, but presents a certificate that another primary's CA issued (same id).
        var forged = new ActivationBundle
        {
            SecondaryId = pair.Bundle.SecondaryId,
            ClusterId = pair.Bundle.ClusterId,
            PrimaryClusterAddress = pair.Bundle.PrimaryClusterAddress,
            CaCertificatePem = pair.Bundle.CaCertificatePem,
            ClientCertificatePem = other.Bundle.ClientCertificatePem,
            ClientKeyPem = other.Bundle.ClientKeyPem,
        };
        var secondary = pair.StartSecondary(forged);

        await Eventually.TrueAsync(() => secondary.Status.ConnectionState == ConnectionState.TransientFailure,
            DrPair.Patience, "the forged certificate to fail the connection", state: () => secondary.Status.ToString());
        await Task.Delay(500);
        Assert.Equal(0, secondary.Status.LastAppliedIndex);
        Assert.Null(await pair.SecondaryStorage.GetAsync("logical/a"));
        Assert.All(pair.Primary.GetStatus().Secondaries, s => Assert.Null(s.LastSeen));
    }

    [Fact]
    public async Task Secondary_ServerCertificateFromAnotherCa_IsNotTrusted()
    {
        await using var pair = await DrPair.StartAsync(startSecondary: false);
        await pair.PutAsync("logical/a", "1");
        await using var other = await DrPair.StartAsync(startSecondary: false);

        // The secondary's own credentials, but pointed at an impostor primary that holds another CA.
        var misdirected = new ActivationBundle
        {
            SecondaryId = pair.Bundle.SecondaryId,
            ClusterId = pair.Bundle.ClusterId,
            PrimaryClusterAddress = other.Bundle.PrimaryClusterAddress,
            CaCertificatePem = pair.Bundle.CaCertificatePem,
            ClientCertificatePem = pair.Bundle.ClientCertificatePem,
            ClientKeyPem = pair.Bundle.ClientKeyPem,
        };
        var secondary = pair.StartSecondary(misdirected);

        await Eventually.TrueAsync(() => secondary.Status.ConnectionState == ConnectionState.TransientFailure,
            DrPair.Patience, "the untrusted server certificate to fail the connection", state: () => secondary.Status.ToString());
        Assert.Contains("SSL", secondary.Status.LastError);
        Assert.Equal(0, secondary.Status.LastAppliedIndex);
    }

    [Fact]
    public async Task Secondary_ClientCertificateOfAnotherSecondary_CannotClaimItsId()
    {
        await using var pair = await DrPair.StartAsync(startSecondary: false);
        var west = await pair.Primary.IssueSecondaryCredentialsAsync("dr-west");

        // West's valid certificate, but claiming to be east.
        var impersonating = new ActivationBundle
        {
            SecondaryId = "dr-east",
            ClusterId = west.ClusterId,
            PrimaryClusterAddress = west.PrimaryClusterAddress,
            CaCertificatePem = west.CaCertificatePem,
            ClientCertificatePem = west.ClientCertificatePem,
            ClientKeyPem = west.ClientKeyPem,
        };
        var secondary = pair.StartSecondary(impersonating);

        await Eventually.TrueAsync(() => secondary.Status.ConnectionState == ConnectionState.Shutdown,
            DrPair.Patience, "the impersonating secondary to be refused", state: () => secondary.Status.ToString());
        Assert.Contains("refused", secondary.Status.LastError);
    }

    [Fact]
    public async Task Stream_UnsupportedProtocolVersion_IsRefusedWithFailedPrecondition()
    {
        await using var pair = await DrPair.StartAsync(startSecondary: false);
        using var authority = X509Certificate2.CreateFromPem(pair.Bundle.CaCertificatePem);
        using var certificate = ReplicationChannel.LoadClientCertificate(pair.Bundle);
        using var channel = ReplicationChannel.Create(pair.Bundle, authority, certificate, TimeSpan.FromSeconds(5));
        var client = new DrReplication.DrReplicationClient(channel);

        using var call = client.Stream(new StreamRequest { ProtocolVersion = 99, SecondaryId = "dr-east", FromIndex = 1 });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(StatusCode.FailedPrecondition, error.StatusCode);
        await client.AckAsync(new AckRequest { ProtocolVersion = 1, SecondaryId = "dr-east", AppliedIndex = 3 });
        Assert.Equal(3, pair.Primary.GetStatus().Secondaries.Single().LastAckedIndex);
    }

    [Fact]
    public async Task PrimaryReplicator_Restarted_KeepsClusterIdCaAndRegistry()
    {
        var storage = new InMemoryBackend();
        var backend = await ReplicatingBackend.OpenAsync(storage);
        var options = new PrimaryReplicatorOptions { ListenEndpoint = new IPEndPoint(IPAddress.Loopback, 0) };
        string clusterId;
        ActivationBundle bundle;
        await using (var first = await PrimaryReplicator.StartAsync(backend, options))
        {
            clusterId = first.ClusterId;
            bundle = await first.IssueSecondaryCredentialsAsync("dr-east");
        }

        await using var second = await PrimaryReplicator.StartAsync(backend, options);
        var reissued = await Assert.ThrowsAsync<CofferException>(() => second.IssueSecondaryCredentialsAsync("dr-east"));
        Assert.Equal(ErrorKind.InvalidRequest, reissued.Kind);
        Assert.Equal(clusterId, second.ClusterId);
        Assert.Equal(bundle.CaCertificatePem, (await second.IssueSecondaryCredentialsAsync("dr-west")).CaCertificatePem);
        Assert.Equal(["dr-east", "dr-west"], second.GetStatus().KnownSecondaries);
    }

    [Fact]
    public async Task DeleteStateAsync_ThenStart_IsAFreshPrimaryWithANewClusterId()
    {
        var storage = new InMemoryBackend();
        var backend = await ReplicatingBackend.OpenAsync(storage);
        var options = new PrimaryReplicatorOptions { ListenEndpoint = new IPEndPoint(IPAddress.Loopback, 0) };
        string clusterId;
        await using (var first = await PrimaryReplicator.StartAsync(backend, options))
        {
            clusterId = first.ClusterId;
            await first.IssueSecondaryCredentialsAsync("dr-east");
        }

        await backend.PutAsync(new PhysicalEntry("core/x", [1]));
        await PrimaryReplicator.DeleteStateAsync(storage);

        var reopened = await ReplicatingBackend.OpenAsync(storage);
        await using var second = await PrimaryReplicator.StartAsync(reopened, options);
        Assert.NotEqual(clusterId, second.ClusterId);
        Assert.NotEqual(backend.Log.LogId, reopened.Log.LogId);
        Assert.Empty(second.GetStatus().KnownSecondaries);
        Assert.NotNull(await storage.GetAsync("core/x"));
    }

    [Fact]
    public async Task PrimaryReplicator_GivenAClusterId_TakesItAndRefusesAnotherSetsStoredIdentity()
    {
        var storage = new InMemoryBackend();
        var backend = await ReplicatingBackend.OpenAsync(storage);
        var endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        await using (var promoted = await PrimaryReplicator.StartAsync(backend, new PrimaryReplicatorOptions { ListenEndpoint = endpoint, ClusterId = "set-a" }))
        {
            Assert.Equal("set-a", promoted.ClusterId);
            Assert.Equal("set-a", (await promoted.IssueSecondaryCredentialsAsync("dr-east")).ClusterId);
        }

        await using (var restarted = await PrimaryReplicator.StartAsync(backend, new PrimaryReplicatorOptions { ListenEndpoint = endpoint }))
        {
            Assert.Equal("set-a", restarted.ClusterId);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PrimaryReplicator.StartAsync(backend, new PrimaryReplicatorOptions { ListenEndpoint = endpoint, ClusterId = "set-b" }));
    }
}
