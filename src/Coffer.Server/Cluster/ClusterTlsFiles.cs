namespace Coffer.Server.Cluster;

/// <summary>
/// The node's Raft TLS material in its data directory (<c>tls/ca.pem</c>, <c>tls/node.pem</c>,
/// <c>tls/node-key.pem</c>), readable by the owner only. Raft starts before the node is unsealed (the keyring itself
/// is replicated through it), so the material cannot live under the barrier. The bootstrap node also keeps the
/// authority's key (<c>tls/issuer.pem</c>) until initialisation has stored it under the barrier.
/// </summary>
internal sealed class ClusterTlsFiles(string dataPath)
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private string Directory => Path.Combine(dataPath, "tls");

    private string AuthorityPath => Path.Combine(Directory, "ca.pem");

    private string CertificatePath => Path.Combine(Directory, "node.pem");

    private string KeyPath => Path.Combine(Directory, "node-key.pem");

    private string IssuerPath => Path.Combine(Directory, "issuer.pem");

    /// <summary>Written once the node is a member of a cluster (bootstrapped or joined): from then on it starts Raft at boot.</summary>
    private string MemberMarkerPath => Path.Combine(dataPath, "cluster-member");

    public bool IsMember => File.Exists(MemberMarkerPath) && File.Exists(CertificatePath);

    public void MarkMember() => Write(MemberMarkerPath, "This node is a member of an integrated storage cluster.\n");

    public void Save(NodeCredentials credentials)
    {
        CreateDirectory();
        Write(AuthorityPath, credentials.AuthorityPem);
        Write(CertificatePath, credentials.CertificatePem);
        Write(KeyPath, credentials.KeyPem);
    }

    public NodeCredentials Load()
    {
        if (!File.Exists(CertificatePath) || !File.Exists(KeyPath) || !File.Exists(AuthorityPath))
        {
            throw new InvalidOperationException($"The Raft TLS material in {Directory} is missing; the node cannot take part in the cluster.");
        }

        return new NodeCredentials(File.ReadAllText(AuthorityPath), File.ReadAllText(CertificatePath), File.ReadAllText(KeyPath));
    }

    public void SaveIssuer(byte[] issuer)
    {
        CreateDirectory();
        using var stream = Create(IssuerPath);
        stream.Write(issuer);
    }

    public byte[]? LoadIssuer() => File.Exists(IssuerPath) ? File.ReadAllBytes(IssuerPath) : null;

    public void DeleteIssuer() => File.Delete(IssuerPath);

    private void CreateDirectory()
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        else
        {
            System.IO.Directory.CreateDirectory(Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static void Write(string path, string text)
    {
        using var stream = Create(path);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    private static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return new FileStream(path, options);
    }
}
