using System.Threading.Channels;
using Coffer.Replication.Protocol;
using Grpc.Core;

namespace Coffer.Replication.Secondary;

public sealed partial class SecondaryReplicator
{
    /// <summary>Messages read ahead of the applier; each is at most one batch of up to 1 MiB.</summary>
    private const int ReadAheadMessages = 16;

    /// <summary>Streams until the call fails (exception) or the primary asks for a re-index (its reason).</summary>
    /// <remarks>
    /// A reader runs ahead of the applier, so the batches that arrive while one commit is in flight are applied
    /// together in the next: under load the secondary makes a few large commits instead of one per message, which is
    /// what keeps its own storage (a Raft round and a flush per commit) from falling behind the primary. Under a steady
    /// heavy load the applier also paces itself (<see cref="SecondaryReplicatorOptions.BusyCommitInterval"/>), so the
    /// messages of several ship intervals go into one commit.
    /// </remarks>
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
        var received = Channel.CreateBounded<StreamResponse>(new BoundedChannelOptions(ReadAheadMessages) { SingleReader = true, SingleWriter = true });
        using var stopReading = CancellationTokenSource.CreateLinkedTokenSource(call.Token);
        var reader = ReadAheadAsync(stream.ResponseStream, received.Writer, call, stopReading.Token);
        long? busySince = null;
        try
        {
            while (await received.Reader.WaitToReadAsync(call.Token).ConfigureAwait(false))
            {
                if (!received.Reader.TryRead(out var response))
                {
                    continue;
                }

                onProgress();
                switch (response.PayloadCase)
                {
                    case StreamResponse.PayloadOneofCase.Heartbeat:
                        OnHeartbeat(response.Heartbeat);
                        await _client.AckAsync(
                            new AckRequest { ProtocolVersion = ProtocolVersion.Current, SecondaryId = _bundle.SecondaryId, AppliedIndex = (ulong)position.Index },
                            cancellationToken: call.Token).ConfigureAwait(false);
                        break;
                    case StreamResponse.PayloadOneofCase.Batch:
                        if (busySince is { } since && _options.BusyCommitInterval - _timeProvider.GetElapsedTime(since) is { Ticks: > 0 } pause)
                        {
                            // The batches that arrive meanwhile join this one.
                            await Task.Delay(pause, _timeProvider, call.Token).ConfigureAwait(false);
                        }

                        var batch = WithQueuedBatches(response.Batch, received.Reader);
                        var started = _timeProvider.GetTimestamp();
                        position = await _applier.ApplyBatchAsync(position, batch, cancellationToken).ConfigureAwait(false);
                        busySince = OperationCount(batch) >= _options.BusyCommitOperations ? started : null;
                        SetPosition(position);
                        if (batch.Entries.Count > 0)
                        {
                            lock (_lock)
                            {
                                _lastRemoteWal = Math.Max(_lastRemoteWal, (long)batch.Entries[^1].Index);
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
        finally
        {
            await stopReading.CancelAsync().ConfigureAwait(false);
            await reader.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        throw new IOException("the primary ended the replication stream");
    }

    /// <summary>
    /// Moves messages from the call into <paramref name="received"/> until the stream ends; its failure becomes the
    /// channel's, so the applier sees it after the messages that came before it. Any message proves the link alive:
    /// silence past the timeout cancels the call.
    /// </summary>
    private async Task ReadAheadAsync(
        IAsyncStreamReader<StreamResponse> responses, ChannelWriter<StreamResponse> received, CancellationTokenSource call, CancellationToken cancellationToken)
    {
        try
        {
            while (await responses.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                call.CancelAfter(_options.StreamSilenceTimeout);
                await received.WriteAsync(responses.Current, cancellationToken).ConfigureAwait(false);
            }

            received.TryComplete();
        }
        catch (Exception e)
        {
            received.TryComplete(e);
        }
    }

    /// <summary><paramref name="first"/> followed by the batches already queued behind it, in order, as one batch.</summary>
    private static EntryBatch WithQueuedBatches(EntryBatch first, ChannelReader<StreamResponse> received)
    {
        if (!received.TryPeek(out var next) || next.PayloadCase != StreamResponse.PayloadOneofCase.Batch)
        {
            return first;
        }

        var merged = new EntryBatch();
        merged.Entries.Add(first.Entries);
        while (received.TryPeek(out next) && next.PayloadCase == StreamResponse.PayloadOneofCase.Batch && received.TryRead(out next))
        {
            merged.Entries.Add(next.Batch.Entries);
        }

        return merged;
    }

    private static int OperationCount(EntryBatch batch)
    {
        var count = 0;
        foreach (var entry in batch.Entries)
        {
            count += entry.Mutations.Count;
        }

        return count;
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
