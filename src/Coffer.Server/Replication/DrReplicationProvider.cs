using Coffer.Core.Replication;
using Coffer.Replication;
using Coffer.Replication.Primary;
using Coffer.Replication.Secondary;
using Coffer.Replication.Wal;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;

namespace Coffer.Server.Replication;

/// <summary>
/// Core's <see cref="IReplicationProvider"/> over the <c>Coffer.Replication</c> engine. Core writes through
/// <see cref="Storage"/>, whose <see cref="IReplicationRecorder"/> records commits only while this cluster is a
/// primary, so a primary can be enabled at runtime without taxing every other cluster; the secondary's applier and
/// the wipe write to the raw backend, so replicated data is never logged again on the secondary.
/// </summary>
internal sealed partial class DrReplicationProvider : IReplicationProvider
{
    private readonly IReplicationRecorder _recorder;
    private readonly DrReplicationSettings _settings;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _lock = new(1, 1);
    private PrimaryReplicator? _primary;
    private SecondaryReplicator? _secondary;

    public DrReplicationProvider(IReplicationRecorder recorder, DrReplicationSettings settings, ILoggerFactory loggerFactory, TimeProvider time)
    {
        _recorder = recorder;
        _settings = settings;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<DrReplicationProvider>();
        _time = time;
    }

    /// <summary>What Core writes through: the configured backend, with the replication log while a primary.</summary>
    public IPhysicalBackend Storage => _recorder.Storage;

    public string ApiAddress => _settings.ApiAddress();

    public Task StartRecordingAsync(bool newLog, CancellationToken cancellationToken) => _recorder.StartRecordingAsync(newLog, cancellationToken);

    public bool IsRecording => _recorder.Recording is not null;

    public Task StopRecordingAsync(CancellationToken cancellationToken) => _recorder.StopRecordingAsync(cancellationToken);

    public async Task<DrPrimaryStarted> StartPrimaryAsync(string primaryClusterAddress, string? clusterId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_primary is null)
            {
                var endpoint = _settings.ListenEndpointFor(primaryClusterAddress);
                var options = new PrimaryReplicatorOptions
                {
                    ListenEndpoint = endpoint,
                    PrimaryClusterAddress = primaryClusterAddress.Length > 0 ? primaryClusterAddress : _settings.AdvertisedAddress(endpoint),
                    ServerCertificateHosts = ApiHost() is { } host ? [host] : [],
                    ClusterId = clusterId,
                };
                var log = _recorder.Recording ?? throw new InvalidOperationException("A DR primary needs its commits recorded first.");
                _primary = await StartListeningAsync(log, options, cancellationToken).ConfigureAwait(false);
            }

            return new DrPrimaryStarted(_primary.ClusterId, _primary.PrimaryClusterAddress);
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task StopPrimaryAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_primary is { } primary)
            {
                _primary = null;
                await primary.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// Deletes the replication-set id, CA and registry, and on integrated storage the history marker, so that no node
    /// keeps entries for secondaries any more. A stored log stays until a new primary discards it (a new replication
    /// set's secondaries start with a re-index in any case).
    /// </summary>
    public async Task DeletePrimaryStateAsync(CancellationToken cancellationToken)
    {
        var operations = new List<PhysicalOperation>
        {
            PhysicalOperation.Delete(ReplicationKeys.PrimaryIdentity),
            PhysicalOperation.Delete(ReplicationKeys.HistoryMarker),
        };
        foreach (var child in await _recorder.Raw.ListAsync(ReplicationKeys.SecondaryRegistryPrefix, cancellationToken).ConfigureAwait(false))
        {
            operations.Add(PhysicalOperation.Delete(ReplicationKeys.SecondaryRegistryPrefix + child));
        }

        await _recorder.Raw.CommitAsync(operations, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> IssueSecondaryCredentialsAsync(string secondaryId, CancellationToken cancellationToken)
    {
        var bundle = await RunningPrimary().IssueSecondaryCredentialsAsync(secondaryId, cancellationToken).ConfigureAwait(false);
        return bundle.ToJson();
    }

    public Task RevokeSecondaryAsync(string secondaryId, CancellationToken cancellationToken) =>
        RunningPrimary().RevokeAsync(secondaryId, cancellationToken);

    public Task<DrActivation> FetchActivationAsync(DrActivationRequest request, CancellationToken cancellationToken) =>
        ActivationClient.UnwrapAsync(request, cancellationToken);

    public DrActivation ReadActivation(System.Text.Json.Nodes.JsonObject data, string primaryApiAddress) =>
        ActivationClient.ActivationOf(data, primaryApiAddress);

    public Task WipeReplicatedDataAsync(CancellationToken cancellationToken) =>
        SecondaryReplicator.WipeAsync(_recorder.Raw, cancellationToken);

    public async Task StartSecondaryAsync(string bundle, Func<IReadOnlyCollection<string>, CancellationToken, Task> applied, CancellationToken cancellationToken)
    {
        ActivationBundle parsed;
        try
        {
            parsed = ActivationBundle.FromJson(bundle);
        }
        catch (FormatException e)
        {
            throw CofferException.BadRequest("the stored DR activation is unusable: " + e.Message);
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_secondary is not null)
            {
                throw new InvalidOperationException("A DR secondary replicator is already running.");
            }

            var secondary = new SecondaryReplicator(new AppliedKeysBackend(_recorder.Raw, applied), parsed, loggerFactory: _loggerFactory, timeProvider: _time);
            secondary.Start();
            _secondary = secondary;
        }
        finally
        {
            _lock.Release();
        }
    }

    public async Task StopSecondaryAsync(CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_secondary is { } secondary)
            {
                _secondary = null;
                await secondary.DisposeAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    public bool RequestReindex()
    {
        var secondary = _secondary;
        secondary?.RequestReindex();
        return secondary is not null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopSecondaryAsync(CancellationToken.None).ConfigureAwait(false);
        await StopPrimaryAsync(CancellationToken.None).ConfigureAwait(false);
    }

    private PrimaryReplicator RunningPrimary() =>
        _primary ?? throw new CofferException(ErrorKind.Unavailable, "the DR primary is not serving secondaries");

    private async Task<PrimaryReplicator> StartListeningAsync(IReplicationHistory log, PrimaryReplicatorOptions options, CancellationToken cancellationToken)
    {
        try
        {
            return await PrimaryReplicator.StartAsync(log, _recorder.Raw, options, _loggerFactory, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw CofferException.BadRequest($"the DR replication service cannot listen on {options.ListenEndpoint}: {e.Message}");
        }
    }

    private string? ApiHost() => Uri.TryCreate(_settings.ApiAddress(), UriKind.Absolute, out var uri) ? uri.Host : null;
}
