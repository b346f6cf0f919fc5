using System.Security.Cryptography.X509Certificates;
using Coffer.Replication.Protocol;
using Coffer.Sdk.Physical;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Replication.Secondary;

/// <summary>
/// A DR secondary: follows the primary named in its <see cref="ActivationBundle"/>, applying its log to
/// <c>storage</c> (the secondary's raw physical backend), re-indexing when the log cannot catch it up, and
/// reconnecting with backoff. The bundle is not persisted here; the host keeps it.
/// </summary>
public sealed partial class SecondaryReplicator : IAsyncDisposable
{
    private readonly ActivationBundle _bundle;
    private readonly SecondaryReplicatorOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly SecondaryApplier _applier;
    private readonly X509Certificate2 _authority;
    private readonly X509Certificate2 _clientCertificate;
    private readonly GrpcChannel _channel;
    private readonly DrReplication.DrReplicationClient _client;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _lock = new();

    private Task? _loop;
    private CancellationTokenSource? _attempt;
    private bool _reindexRequested;
    private TaskCompletionSource _appliedChanged = NewSignal();

    // Status, guarded by _lock.
    private SecondaryState _state = SecondaryState.Idle;
    private ConnectionState _connectionState = ConnectionState.Idle;
    private AppliedPosition _position = AppliedPosition.None;
    private long _lastRemoteWal;
    private long _primaryLastIndex;
    private DateTimeOffset _primaryLastCommit;
    private DateTimeOffset? _lastHeartbeat;
    private long _clockSkewMs;
    private long _reindexDone;
    private long _reindexTotal;
    private DateTimeOffset _lastStart;
    private string? _lastError;

    public SecondaryReplicator(
        IPhysicalBackend storage,
        ActivationBundle bundle,
        SecondaryReplicatorOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(bundle);
        _options = options ?? new SecondaryReplicatorOptions();
        _options.Validate();
        _bundle = bundle;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Coffer.Replication.Secondary");
        _applier = new SecondaryApplier(storage, _options.ReindexDeleteBatch);
        _authority = X509Certificate2.CreateFromPem(bundle.CaCertificatePem);
        _clientCertificate = ReplicationChannel.LoadClientCertificate(bundle);
        _channel = ReplicationChannel.Create(bundle, _authority, _clientCertificate, _options.ConnectTimeout);
        _client = new DrReplication.DrReplicationClient(_channel);
        _lastStart = _timeProvider.GetUtcNow();
    }

    public SecondaryStatus Status
    {
        get
        {
            lock (_lock)
            {
                var lagEntries = Math.Max(0, _primaryLastIndex - _position.Index);
                // Mid-copy (or before the first one) no applied commit has a time: the data is at best as recent as
                // the moment this replicator started, so the lag counts from then rather than from 1970.
                var appliedAt = _position.CommittedAt > DateTimeOffset.UnixEpoch ? _position.CommittedAt : _lastStart;
                var lagSeconds = lagEntries == 0 ? 0 : Math.Max(0, (_primaryLastCommit - appliedAt).TotalSeconds);
                return new SecondaryStatus(
                    _bundle.SecondaryId,
                    _bundle.ClusterId,
                    _bundle.PrimaryClusterAddress,
                    _state,
                    _connectionState,
                    _lastRemoteWal,
                    _position.Index,
                    _primaryLastIndex,
                    lagEntries,
                    lagSeconds,
                    _lastHeartbeat,
                    _clockSkewMs,
                    _reindexDone,
                    _reindexTotal,
                    _position.LastReindex,
                    _lastStart,
                    _lastError);
            }
        }
    }

    /// <summary>
    /// Deletes every replicated key and the applied position from <paramref name="storage"/>: what enabling a
    /// secondary does at once, before it first reaches its primary. Reserved keys survive.
    /// </summary>
    public static Task WipeAsync(IPhysicalBackend storage, CancellationToken cancellationToken = default) =>
        new SecondaryApplier(storage, 1024).WipeAsync(cancellationToken);

    /// <summary>Starts following the primary in the background.</summary>
    public void Start()
    {
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_loop is not null)
            {
                throw new InvalidOperationException("The secondary replicator is already running.");
            }

            _lastStart = _timeProvider.GetUtcNow();
            _loop = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <summary>Drops the current stream and rebuilds the data from a fresh copy (<c>secondary/reindex</c>).</summary>
    public void RequestReindex()
    {
        lock (_lock)
        {
            _reindexRequested = true;
            _attempt?.Cancel();
        }
    }

    /// <summary>
    /// Completes once the data is a consistent copy of the primary's at <paramref name="index"/> or later: synced at
    /// least once, not mid-re-index, and applied that far.
    /// </summary>
    public async Task WaitForAppliedIndexAsync(long index, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_position.Index >= index && !_position.NeedsReindex)
                {
                    return;
                }

                changed = _appliedChanged.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            _stopping.Cancel();
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _channel.Dispose();
        _clientCertificate.Dispose();
        _authority.Dispose();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var backoff = _options.InitialBackoff;
        while (!stopping.IsCancellationRequested)
        {
            var progressed = false;
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            lock (_lock)
            {
                _attempt = attempt;
                _state = SecondaryState.Connecting;
                _connectionState = ConnectionState.Connecting;
            }

            try
            {
                // Storage, not memory, says where we are: a commit that failed may still have landed.
                var position = await AppliedPosition.LoadAsync(_applier.Storage, attempt.Token).ConfigureAwait(false);
                SetPosition(position);
                bool forceReindex;
                lock (_lock)
                {
                    forceReindex = _reindexRequested;
                    _reindexRequested = false;
                }

                if (position.NeedsReindex || forceReindex)
                {
                    position = await ReindexAsync(position, attempt.Token).ConfigureAwait(false);
                    progressed = true;
                }

                var outcome = await StreamAsync(position, attempt.Token, () => progressed = true).ConfigureAwait(false);
                if (outcome is not null)
                {
                    SecondaryLog.ReindexRequired(_logger, _bundle.SecondaryId, outcome);
                    lock (_lock)
                    {
                        _reindexRequested = true;
                    }

                    continue;
                }
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (IsCancelledByRequest(e, attempt, stopping))
            {
                // RequestReindex cut the attempt short; go straight to the re-index.
                continue;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.Unauthenticated)
            {
                // An explicit refusal (revoked, or credentials the primary no longer knows) will not heal by itself.
                SecondaryLog.Refused(_logger, _bundle.SecondaryId, e.Status.Detail);
                SetStopped($"refused by primary: {e.Status.Detail}");
                return;
            }
            catch (Exception e)
            {
                // Any other failure (the network, the primary, or local storage refusing a commit) is retried with
                // backoff: an exception escaping here would end the loop silently and freeze the status. While
                // stopping, a failure is only the cancelled call.
                if (stopping.IsCancellationRequested)
                {
                    break;
                }

                var reason = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.Message;
                if (progressed)
                {
                    backoff = _options.InitialBackoff;
                }

                var delay = Jitter(backoff);
                SecondaryLog.Retrying(_logger, _bundle.SecondaryId, delay, reason);
                lock (_lock)
                {
                    _state = SecondaryState.Idle;
                    _connectionState = ConnectionState.TransientFailure;
                    _lastError = reason;
                }

                try
                {
                    await Task.Delay(delay, _timeProvider, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
            }
            finally
            {
                lock (_lock)
                {
                    _attempt = null;
                }
            }
        }

        lock (_lock)
        {
            _state = SecondaryState.Idle;
            _connectionState = ConnectionState.Shutdown;
        }
    }

    private static bool IsCancelledByRequest(Exception e, CancellationTokenSource attempt, CancellationToken stopping) =>
        attempt.IsCancellationRequested && !stopping.IsCancellationRequested
        && (e is OperationCanceledException || e is RpcException { StatusCode: StatusCode.Cancelled });

    private void SetPosition(AppliedPosition position)
    {
        TaskCompletionSource changed;
        lock (_lock)
        {
            _position = position;
            _lastRemoteWal = Math.Max(_lastRemoteWal, position.Index);
            changed = _appliedChanged;
            _appliedChanged = NewSignal();
        }

        changed.TrySetResult();
    }

    private void SetStopped(string error)
    {
        lock (_lock)
        {
            _state = SecondaryState.Idle;
            _connectionState = ConnectionState.Shutdown;
            _lastError = error;
        }
    }

    private TimeSpan Jitter(TimeSpan backoff) =>
        TimeSpan.FromTicks((long)(backoff.Ticks * (0.75 + (Random.Shared.NextDouble() * 0.5))));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
