using Coffer.Replication.Storage;
using Coffer.Replication.Tls;
using Coffer.Sdk.Physical;
using Google.Protobuf;

namespace Coffer.Replication.Primary;

/// <summary>The replication-set id and CA, created when the cluster first becomes a primary and kept after.</summary>
internal sealed class PrimaryIdentity(string clusterId, ReplicationCertificateAuthority authority) : IDisposable
{
    private const uint FormatVersion = 1;

    public string ClusterId { get; } = clusterId;

    public ReplicationCertificateAuthority Authority { get; } = authority;

    /// <summary>
    /// Loads the stored identity, or creates one with <paramref name="clusterId"/> (a new id when null). A stored
    /// identity of another replication set than <paramref name="clusterId"/> is refused: its CA and registry belong
    /// to that set, and the caller must delete them first.
    /// </summary>
    public static async Task<PrimaryIdentity> LoadOrCreateAsync(
        IPhysicalBackend storage, IReplicationKeyProtector? protector, string? clusterId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(ReplicationKeys.PrimaryIdentity, cancellationToken).ConfigureAwait(false);
        if (stored is not null)
        {
            var record = PrimaryIdentityRecord.Parser.ParseFrom(stored.Value);
            if (record.FormatVersion != FormatVersion)
            {
                throw new InvalidDataException($"Unsupported primary identity format version {record.FormatVersion}.");
            }

            if (clusterId is not null && record.ClusterId != clusterId)
            {
                throw new InvalidOperationException(
                    $"The stored primary identity belongs to replication set {record.ClusterId}, not {clusterId}; delete it before starting this primary.");
            }

            var key = record.CaPrivateKey.ToByteArray();
            var authority = ReplicationCertificateAuthority.Load(record.CaCertificatePem, protector is null ? key : protector.Unprotect(key));
            return new PrimaryIdentity(record.ClusterId, authority);
        }

        clusterId ??= Guid.NewGuid().ToString();
        var created = ReplicationCertificateAuthority.Create(clusterId, now);
        var privateKey = created.ExportPrivateKey();
        var newRecord = new PrimaryIdentityRecord
        {
            FormatVersion = FormatVersion,
            ClusterId = clusterId,
            CaCertificatePem = created.CertificatePem,
            CaPrivateKey = ByteString.CopyFrom(protector is null ? privateKey : protector.Protect(privateKey)),
        };
        await storage.PutAsync(new PhysicalEntry(ReplicationKeys.PrimaryIdentity, newRecord.ToByteArray()), cancellationToken).ConfigureAwait(false);
        return new PrimaryIdentity(clusterId, created);
    }

    public void Dispose() => Authority.Dispose();
}
