using Coffer.Replication.Protocol;
using Coffer.Replication.Storage;
using Coffer.Replication.Wal;
using Google.Protobuf;
using Grpc.Core;

namespace Coffer.Replication.Primary;

internal sealed partial class DrReplicationService
{
    /// <summary>
    /// A consistent copy without stopping writes: every key is read once while commits continue, then every
    /// entry committed since the copy began is replayed. Puts and deletes overwrite whole values, so replaying
    /// that suffix over any mixture of the states it spans yields exactly the state at its last index.
    /// </summary>
    public override async Task Reindex(ReindexRequest request, IServerStreamWriter<ReindexResponse> responseStream, ServerCallContext context)
    {
        var id = Authenticate(context, request.ProtocolVersion, request.SecondaryId);
        using var callCancelled = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, services.Stopping);
        using var stream = services.Registry.OpenStream(id, context.Peer, callCancelled.Token)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "secondary is not registered or was revoked"));
        try
        {
            await CopyAsync(id, responseStream, stream.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stream.Revoked)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "secondary was revoked"));
        }
    }

    private async Task CopyAsync(string id, IServerStreamWriter<ReindexResponse> responseStream, CancellationToken cancellationToken)
    {
        var log = services.Log;
        var options = services.Options;
        var storage = services.Storage;

        // Every entry up to start is visible in storage: the log advances only after its commit returns.
        var (start, startCommittedAt) = log.LastPosition;
        var keys = await KeyWalker.ReplicatedKeysAsync(storage, cancellationToken).ConfigureAwait(false);
        await responseStream.WriteAsync(
            new ReindexResponse
            {
                Begin = new ReindexBegin { ProtocolVersion = ProtocolVersion.Current, LogId = log.LogId, StartIndex = (ulong)start, TotalKeys = (ulong)keys.Count },
            },
            cancellationToken).ConfigureAwait(false);

        long sent = 0;
        var chunk = new ReindexChunk();
        long chunkBytes = 0;
        foreach (var key in keys)
        {
            var entry = await storage.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                // Deleted since the listing; the replayed suffix carries the delete.
                continue;
            }

            chunk.Entries.Add(new KeyValue { Key = key, Value = UnsafeByteOperations.UnsafeWrap(entry.Value) });
            chunkBytes += key.Length + entry.Value.Length;
            sent++;
            if (chunk.Entries.Count >= options.ReindexChunkKeys || chunkBytes >= options.ReindexChunkBytes)
            {
                await responseStream.WriteAsync(new ReindexResponse { Chunk = chunk }, cancellationToken).ConfigureAwait(false);
                chunk = new ReindexChunk();
                chunkBytes = 0;
            }
        }

        if (chunk.Entries.Count > 0)
        {
            await responseStream.WriteAsync(new ReindexResponse { Chunk = chunk }, cancellationToken).ConfigureAwait(false);
        }

        var (consistentIndex, consistentAt) = (start, startCommittedAt);
        var end = log.LastIndex;
        var next = start + 1;
        while (next <= end)
        {
            IReadOnlyList<ReplicationLogEntry> entries;
            try
            {
                entries = await log.ReadFromAsync(next, options.MaxBatchEntries, options.MaxBatchBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (ReplicationLogTruncatedException)
            {
                throw new RpcException(new Status(StatusCode.Aborted, "the replication log wrapped during the re-index; retry, or retain more entries"));
            }

            if (entries.Count == 0)
            {
                break;
            }

            var batch = new EntryBatch();
            foreach (var entry in entries)
            {
                batch.Entries.Add(LogEntryCodec.ToProto(entry));
            }

            await responseStream.WriteAsync(new ReindexResponse { CatchUp = batch }, cancellationToken).ConfigureAwait(false);
            (consistentIndex, consistentAt) = (entries[^1].Index, entries[^1].CommittedAt);
            next = consistentIndex + 1;
        }

        await responseStream.WriteAsync(
            new ReindexResponse
            {
                End = new ReindexEnd { ConsistentIndex = (ulong)consistentIndex, CommittedAtUnixMs = consistentAt.ToUnixTimeMilliseconds(), KeysSent = (ulong)sent },
            },
            cancellationToken).ConfigureAwait(false);
        services.RecordShipped(consistentIndex);
        PrimaryLog.ReindexServed(services.Logger, id, sent, consistentIndex);
    }
}
