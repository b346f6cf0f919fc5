using Coffer.Replication.Protocol;
using Grpc.Core;

namespace Coffer.Replication.Secondary;

public sealed partial class SecondaryReplicator
{
    /// <summary>
    /// Rebuilds the local data from the primary's consistent copy: keys are overwritten chunk by chunk, keys the
    /// copy lacks are deleted, the entries committed during the copy are replayed, and only then does the
    /// applied position leave the "re-indexing" mark. A crash anywhere in between re-indexes again.
    /// </summary>
    private async Task<AppliedPosition> ReindexAsync(AppliedPosition position, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            _state = SecondaryState.Reindexing;
            _reindexDone = 0;
            _reindexTotal = 0;
        }

        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(_options.ReindexSilenceTimeout);
        using var stream = _client.Reindex(
            new ReindexRequest { ProtocolVersion = ProtocolVersion.Current, SecondaryId = _bundle.SecondaryId },
            cancellationToken: call.Token);
        try
        {
            var reader = stream.ResponseStream;
            if (!await reader.MoveNext(call.Token).ConfigureAwait(false) || reader.Current.PayloadCase != ReindexResponse.PayloadOneofCase.Begin)
            {
                throw new InvalidDataException("The re-index stream did not start with its header.");
            }

            var begin = reader.Current.Begin;
            if (begin.ProtocolVersion != ProtocolVersion.Current)
            {
                throw new InvalidDataException($"The primary speaks replication protocol {begin.ProtocolVersion}, not {ProtocolVersion.Current}.");
            }

            lock (_lock)
            {
                _connectionState = ConnectionState.Ready;
                _lastError = null;
                _reindexTotal = (long)begin.TotalKeys;
            }

            position = await _applier.BeginReindexAsync(position, cancellationToken).ConfigureAwait(false);
            SetPosition(position);
            var received = new HashSet<string>(StringComparer.Ordinal);
            var staleDeleted = false;
            var replayed = ((long)begin.StartIndex, DateTimeOffset.UnixEpoch);
            while (await reader.MoveNext(call.Token).ConfigureAwait(false))
            {
                call.CancelAfter(_options.ReindexSilenceTimeout);
                var response = reader.Current;
                switch (response.PayloadCase)
                {
                    case ReindexResponse.PayloadOneofCase.Chunk:
                        await _applier.ApplyChunkAsync(response.Chunk, received, cancellationToken).ConfigureAwait(false);
                        lock (_lock)
                        {
                            _reindexDone += response.Chunk.Entries.Count;
                        }

                        break;
                    case ReindexResponse.PayloadOneofCase.CatchUp:
                        staleDeleted = await DeleteStaleOnceAsync(staleDeleted, received, cancellationToken).ConfigureAwait(false);
                        replayed = await _applier.ApplyCatchUpAsync(response.CatchUp, replayed.Item1, replayed.Item2, cancellationToken).ConfigureAwait(false);
                        break;
                    case ReindexResponse.PayloadOneofCase.End:
                        await DeleteStaleOnceAsync(staleDeleted, received, cancellationToken).ConfigureAwait(false);
                        var end = response.End;
                        position = await _applier.FinishReindexAsync(
                            begin.LogId, (long)end.ConsistentIndex, DateTimeOffset.FromUnixTimeMilliseconds(end.CommittedAtUnixMs),
                            _timeProvider.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                        SetPosition(position);
                        SecondaryLog.Reindexed(_logger, _bundle.SecondaryId, (long)end.KeysSent, position.Index);
                        return position;
                    default:
                        throw new InvalidDataException($"Unexpected re-index message {response.PayloadCase}.");
                }
            }
        }
        catch (Exception e) when (call.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            throw new TimeoutException($"no re-index message from the primary within {_options.ReindexSilenceTimeout}");
        }

        throw new IOException("the primary ended the re-index before it was complete");
    }

    private async Task<bool> DeleteStaleOnceAsync(bool alreadyDeleted, HashSet<string> received, CancellationToken cancellationToken)
    {
        if (!alreadyDeleted)
        {
            await _applier.DeleteStaleAsync(received, cancellationToken).ConfigureAwait(false);
        }

        return true;
    }
}
