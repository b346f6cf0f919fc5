using Coffer.Replication.Protocol;
using Coffer.Replication.Wal;
using Grpc.Core;

namespace Coffer.Replication.Primary;

internal sealed partial class DrReplicationService
{
    public override async Task Stream(StreamRequest request, IServerStreamWriter<StreamResponse> responseStream, ServerCallContext context)
    {
        var id = Authenticate(context, request.ProtocolVersion, request.SecondaryId);
        using var callCancelled = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, services.Stopping);
        using var stream = services.Registry.OpenStream(id, context.Peer, callCancelled.Token)
            ?? throw new RpcException(new Status(StatusCode.PermissionDenied, "secondary is not registered or was revoked"));
        var cancellationToken = stream.Token;
        var fromIndex = (long)request.FromIndex;
        PrimaryLog.StreamOpened(services.Logger, id, fromIndex);
        await services.Registry.RecordSeenAsync(id, Math.Max(0, fromIndex - 1), services.TimeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        try
        {
            await ShipAsync(id, request, fromIndex, responseStream, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stream.Revoked)
        {
            throw new RpcException(new Status(StatusCode.PermissionDenied, "secondary was revoked"));
        }
        catch (OperationCanceledException) when (services.Stopping.IsCancellationRequested && !context.CancellationToken.IsCancellationRequested)
        {
            // The primary was disabled, demoted or stepped down: an ordinary end, which the secondary retries elsewhere.
            throw new RpcException(new Status(StatusCode.Unavailable, "this node stopped serving DR replication"));
        }
        finally
        {
            PrimaryLog.StreamClosed(services.Logger, id);
        }
    }

    private async Task ShipAsync(string id, StreamRequest request, long fromIndex, IServerStreamWriter<StreamResponse> responseStream, CancellationToken cancellationToken)
    {
        var log = services.Log;
        var options = services.Options;
        var time = services.TimeProvider;

        var mismatch = request.LogId != log.LogId ? (request.LogId.Length == 0 ? "no local state" : "its data belongs to another primary log")
            : fromIndex < 1 ? "invalid position"
            : fromIndex - 1 > log.LastIndex ? "it is ahead of this primary"
            : null;
        if (mismatch is not null)
        {
            await RequireReindexAsync(id, mismatch, responseStream, cancellationToken).ConfigureAwait(false);
            return;
        }

        await responseStream.WriteAsync(new StreamResponse { Heartbeat = NewHeartbeat() }, cancellationToken).ConfigureAwait(false);
        var nextHeartbeat = time.GetUtcNow() + options.HeartbeatInterval;
        var next = fromIndex;
        long? lastShipped = null;
        var interval = options.ShipInterval;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (lastShipped is { } shippedAt && interval - time.GetElapsedTime(shippedAt) is { Ticks: > 0 } pause)
            {
                // Entries committed meanwhile join the next batch.
                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
            }

            lastShipped = null;
            IReadOnlyList<ReplicationLogEntry> entries;
            try
            {
                entries = await log.ReadFromAsync(next, options.MaxBatchEntries, options.MaxBatchBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (ReplicationLogTruncatedException)
            {
                await RequireReindexAsync(id, "it fell outside the retained log", responseStream, cancellationToken).ConfigureAwait(false);
                return;
            }

            if (entries.Count > 0)
            {
                var batch = new EntryBatch();
                var operations = 0;
                foreach (var entry in entries)
                {
                    batch.Entries.Add(LogEntryCodec.ToProto(entry));
                    operations += entry.Operations.Count;
                }

                await responseStream.WriteAsync(new StreamResponse { Batch = batch }, cancellationToken).ConfigureAwait(false);
                next = entries[^1].Index + 1;
                services.RecordShipped(entries[^1].Index);

                // A full batch means more are waiting: the next goes at once.
                var full = entries.Count == options.MaxBatchEntries || batch.CalculateSize() >= options.MaxBatchBytes / 2;
                lastShipped = full ? null : time.GetTimestamp();
                interval = operations >= options.BusyShipOperations ? options.BusyShipInterval : options.ShipInterval;
            }

            var now = time.GetUtcNow();
            if (now >= nextHeartbeat)
            {
                await responseStream.WriteAsync(new StreamResponse { Heartbeat = NewHeartbeat() }, cancellationToken).ConfigureAwait(false);
                nextHeartbeat = now + options.HeartbeatInterval;
            }

            if (entries.Count == 0)
            {
                try
                {
                    // Woken by the next commit, so shipping latency is the commit itself, not a poll interval.
                    await log.WaitForEntriesAfterAsync(next - 1, cancellationToken).WaitAsync(nextHeartbeat - now, time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                }
            }
        }
    }

    private async Task RequireReindexAsync(string id, string reason, IServerStreamWriter<StreamResponse> responseStream, CancellationToken cancellationToken)
    {
        PrimaryLog.ReindexRequired(services.Logger, id, reason);
        await responseStream.WriteAsync(new StreamResponse { ReindexRequired = new ReindexRequired { Reason = reason } }, cancellationToken).ConfigureAwait(false);
    }
}
