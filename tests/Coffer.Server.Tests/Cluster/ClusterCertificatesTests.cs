using System.Security.Cryptography.X509Certificates;
using Coffer.Server.Cluster;

namespace Coffer.Server.Tests.Cluster;

/// <summary>The cluster's certificate authority: node certificates chain to it, and it survives its trip through the barrier.</summary>
public sealed class ClusterCertificatesTests
{
    private static bool ChainsTo(X509Certificate2 leaf, X509Certificate2 authority)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(leaf);
    }

    [Fact]
    public void IssueNode_ChainsToTheAuthority_WithItsPrivateKey()
    {
        using var authority = ClusterCertificates.CreateAuthority();
        var credentials = ClusterCertificates.IssueNode(authority, "node-2");

        using var certificate = credentials.LoadCertificate();
        using var trusted = credentials.LoadAuthority();

        Assert.True(certificate.HasPrivateKey);
        Assert.Equal("CN=node-2", certificate.Subject);
        Assert.True(ChainsTo(certificate, trusted));
        Assert.Equal(authority.Thumbprint, trusted.Thumbprint);
    }

    [Fact]
    public void IssueNode_FromAnotherAuthority_DoesNotChain()
    {
        using var authority = ClusterCertificates.CreateAuthority();
        using var stranger = ClusterCertificates.CreateAuthority();

        using var certificate = ClusterCertificates.IssueNode(stranger, "intruder").LoadCertificate();

        Assert.False(ChainsTo(certificate, authority));
    }

    [Fact]
    public void ExportImportIssuer_RoundTrips_AndTheImportedAuthorityStillIssues()
    {
        using var authority = ClusterCertificates.CreateAuthority();

        using var imported = ClusterCertificates.ImportIssuer(ClusterCertificates.ExportIssuer(authority));
        using var certificate = ClusterCertificates.IssueNode(imported, "node-3").LoadCertificate();

        Assert.Equal(authority.Thumbprint, imported.Thumbprint);
        Assert.True(ChainsTo(certificate, authority));
    }

    [Fact]
    public void NodeCredentials_SerializeParse_RoundTrips_AndGarbageIsRefused()
    {
        using var authority = ClusterCertificates.CreateAuthority();
        var credentials = ClusterCertificates.IssueNode(authority, "node-2");

        Assert.Equal(credentials, NodeCredentials.Parse(credentials.Serialize()));
        Assert.Throws<FormatException>(() => NodeCredentials.Parse("{\"ca\":\"x\"}"u8));
        Assert.Throws<FormatException>(() => NodeCredentials.Parse("not json"u8));
    }

    [Fact]
    public void ClusterTlsFiles_SaveLoad_KeyFilesReadableByTheOwnerOnly()
    {
        var directory = Directory.CreateTempSubdirectory("coffer-tls-").FullName;
        try
        {
            using var authority = ClusterCertificates.CreateAuthority();
            var credentials = ClusterCertificates.IssueNode(authority, "node-1");
            var files = new ClusterTlsFiles(directory);
            Assert.False(files.IsMember);

            files.Save(credentials);
            files.SaveIssuer([1, 2, 3]);
            files.MarkMember();

            Assert.True(files.IsMember);
            Assert.Equal(credentials, files.Load());
            Assert.Equal([1, 2, 3], files.LoadIssuer());
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "tls", "node-key.pem")));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "tls", "issuer.pem")));
            }

            files.DeleteIssuer();
            Assert.Null(files.LoadIssuer());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
