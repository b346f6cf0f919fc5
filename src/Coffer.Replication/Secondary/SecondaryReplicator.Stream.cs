using Coffer.Replication.Protocol;
using Grpc.Core;

namespace Coffer.Replication.Secondary;

public sealed partial class SecondaryReplicator
{
    /// <summary>Streams until the call fails (exception) or the primary asks for a re-index (its reason).</summary>
    private async Task<string?> StreamAsync(AppliedPosition position, CancellationToken cancellationToken, Action onProgress)
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        call.CancelAfter(_options.StreamSilenceTimeout);
        var request = new StreamRequest
        {
            ProtocolVersion = ProtocolVersion.Current,
            SecondaryId = _bundle.SecondaryId,
            FromIndex = (ulong)(position.Index + 1),
            LogId = position.LogId,
        };
        SecondaryLog.Streaming(_logger, _bundle.SecondaryId, _bundle.PrimaryClusterAddress, position.Index + 1);
        using var stream = _client.Stream(request, cancellationToken: call.Token);
        try
        {
            while (await stream.ResponseStream.MoveNext(call.Token).ConfigureAwait(false))
            {
                // Any message proves the link alive; silence past the timeout cancels the call.
                call.CancelAfter(_options.StreamSilenceTimeout);
                onProgress();
                var response = stream.ResponseStream.Current;
                switch (response.PayloadCase)
                {
                    case StreamResponse.PayloadOneofCase.Heartbeat:
                        OnHeartbeat(response.Heartbeat);
                        await _client.AckAsync(
                            new AckRequest { ProtocolVersion = ProtocolVersion.Current, SecondaryId = _bundle.SecondaryId, AppliedIndex = (ulong)position.Index },
                            cancellationToken: call.Token).ConfigureAwait(false);
                        break;
                    case StreamResponse.PayloadOneofCase.Batch:
                        position = await _applier.ApplyBatchAsync(position, response.Batch, cancellationToken).ConfigureAwait(false);
                        SetPosition(position);
                        if (response.Batch.Entries.Count > 0)
                        {
                            lock (_lock)
                            {
                                _lastRemoteWal = Math.Max(_lastRemoteWal, (long)response.Batch.Entries[^1].Index);
                                _primaryLastIndex = Math.Max(_primaryLastIndex, _lastRemoteWal);
                            }
                        }

                        break;
                    case StreamResponse.PayloadOneofCase.ReindexRequired:
                        return response.ReindexRequired.Reason;
                    default:
                        throw new InvalidDataException($"Unexpected replication stream message {response.PayloadCase}.");
                }
            }
        }
        catch (Exception e) when (call.IsCancellationRequested && !cancellationToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            throw new TimeoutException($"no message from the primary within {_options.StreamSilenceTimeout}");
        }

        throw new IOException("the primary ended the replication stream");
    }

    private void OnHeartbeat(Heartbeat heartbeat)
    {
        if (heartbeat.ProtocolVersion != ProtocolVersion.Current)
        {
            throw new InvalidDataException($"The primary speaks replication protocol {heartbeat.ProtocolVersion}, not {ProtocolVersion.Current}.");
        }

        var now = _timeProvider.GetUtcNow();
        lock (_lock)
        {
            _state = SecondaryState.StreamWals;
            _connectionState = ConnectionState.Ready;
            _lastError = null;
            _primaryLastIndex = (long)heartbeat.PrimaryLastIndex;
            _primaryLastCommit = DateTimeOffset.FromUnixTimeMilliseconds(heartbeat.PrimaryLastCommitUnixMs);
            _lastHeartbeat = now;
            _clockSkewMs = heartbeat.PrimaryTimeUnixMs - now.ToUnixTimeMilliseconds();
        }
    }
}
