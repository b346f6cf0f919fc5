using Coffer.Replication.Protocol;
using Coffer.Replication.Tls;
using Grpc.Core;

namespace Coffer.Replication.Primary;

/// <summary>The primary's side of the replication protocol. Split by call: Stream, Reindex, Ack.</summary>
internal sealed partial class DrReplicationService(PrimaryServices services) : DrReplication.DrReplicationBase
{
    public override async Task<AckResponse> Ack(AckRequest request, ServerCallContext context)
    {
        var id = Authenticate(context, request.ProtocolVersion, request.SecondaryId);
        await services.Registry.RecordSeenAsync(id, (long)request.AppliedIndex, services.TimeProvider.GetUtcNow(), context.CancellationToken)
            .ConfigureAwait(false);
        return new AckResponse();
    }

    /// <summary>
    /// The caller's registered id. TLS already proved the certificate comes from our CA; this checks that it is
    /// the one currently registered (not revoked, not superseded) and that it matches the claimed id.
    /// </summary>
    private string Authenticate(ServerCallContext context, uint protocolVersion, string claimedId)
    {
        if (protocolVersion != ProtocolVersion.Current)
        {
            PrimaryLog.Refused(services.Logger, $"protocol version {protocolVersion}");
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"unsupported replication protocol version {protocolVersion}; this primary speaks {ProtocolVersion.Current}"));
        }

        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        var id = certificate is null ? null : services.Registry.FindActiveIdByFingerprint(PeerCertificateValidator.Fingerprint(certificate));
        if (id is null || id != claimedId)
        {
            PrimaryLog.Refused(services.Logger, "certificate not registered to an active secondary");
            throw new RpcException(new Status(StatusCode.PermissionDenied, "secondary is not registered or was revoked"));
        }

        return id;
    }

    private Heartbeat NewHeartbeat()
    {
        var (index, committedAt) = services.Log.LastPosition;
        return new Heartbeat
        {
            ProtocolVersion = ProtocolVersion.Current,
            LogId = services.Log.LogId,
            PrimaryLastIndex = (ulong)index,
            PrimaryLastCommitUnixMs = committedAt.ToUnixTimeMilliseconds(),
            PrimaryTimeUnixMs = services.TimeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
        };
    }
}
