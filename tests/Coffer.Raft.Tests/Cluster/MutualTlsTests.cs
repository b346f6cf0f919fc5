using System.Security.Cryptography.X509Certificates;
using System.Text;
using Coffer.Raft.Cluster;
using Coffer.Raft.Tests.Infrastructure;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.Tests.Cluster;

public sealed class MutualTlsTests
{
    [Fact(Timeout = 90_000)]
    public async Task ThreeNodes_WithMutualTls_ReplicateWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        var certificates = new[] { "n1", "n2", "n3" }.ToDictionary(id => id, TestCertificates.SelfSigned);
        var trust = new X509Certificate2Collection(certificates.Values.ToArray());
        await using var cluster = await RaftTestCluster.StartThreeAsync(o => o with
        {
            Certificate = certificates[o.NodeId],
            TrustedCertificates = trust,
        });
        var leader = await cluster.LeaderAsync();

        await leader.PutAsync(new PhysicalEntry("secret", "over tls"u8.ToArray()), ct);

        foreach (var node in cluster.Running)
        {
            var entry = await node.GetAsync("secret", ct);
            Assert.Equal("over tls", Encoding.UTF8.GetString(entry!.Value));
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Joiner_WithUntrustedCertificate_IsNeverAdded()
    {
        var ct = TestContext.Current.CancellationToken;
        var trusted = TestCertificates.SelfSigned("n1");
        var stranger = TestCertificates.SelfSigned("stranger");
        await using var cluster = new RaftTestCluster(o => o with
        {
            Certificate = o.NodeId == "n1" ? trusted : stranger,
            // The stranger trusts the leader, but the leader does not trust the stranger.
            TrustedCertificates = [trusted],
        });
        var leader = await cluster.StartNodeAsync("n1", bootstrap: true);
        var joiner = await cluster.StartNodeAsync("n2", bootstrap: false);

        using var shortly = CancellationTokenSource.CreateLinkedTokenSource(ct);
        shortly.CancelAfter(TimeSpan.FromSeconds(5));
        var failure = await Record.ExceptionAsync(() => leader.AddMemberAsync("n2", joiner.ClusterAddress, shortly.Token));

        Assert.True(failure is OperationCanceledException or CofferException, $"unexpected {failure?.GetType().Name}");
        Assert.Single(leader.Members);
        await leader.PutAsync(new PhysicalEntry("still", "writable"u8.ToArray()), ct);
    }

    [Fact]
    public void ChainsToTrust_SelfSignedPeer_TrustedOnlyWhenListed()
    {
        using var peer = TestCertificates.SelfSigned("peer");
        using var other = TestCertificates.SelfSigned("other");

        Assert.True(MutualTls.ChainsToTrust(peer, [peer]));
        Assert.False(MutualTls.ChainsToTrust(peer, [other]));
    }

    [Fact]
    public void Create_CertificateWithoutPrivateKey_IsRejected()
    {
        using var withKey = TestCertificates.SelfSigned("n");
        using var publicOnly = X509CertificateLoader.LoadCertificate(withKey.Export(X509ContentType.Cert));

        Assert.Throws<ArgumentException>(() => MutualTls.Create(publicOnly, [withKey]));
        Assert.Throws<ArgumentException>(() => MutualTls.Create(withKey, []));
    }
}
