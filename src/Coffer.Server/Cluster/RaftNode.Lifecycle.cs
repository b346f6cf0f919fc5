using Coffer.Raft;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Cluster;

/// <summary>Starting and stopping the engine: at boot for a member, at initialisation for the first node.</summary>
internal sealed partial class RaftNode
{
    private static readonly TimeSpan CleanupInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan LeaderTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Called once at server start. A node that is already a member starts Raft from its directory (it must run
    /// while sealed: the keyring is replicated through it); a new node waits for <c>sys/init</c> or a join, and
    /// starts trying its <c>retry_join</c> leaders.
    /// </summary>
    public async Task OpenAsync(ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger("Coffer.Server.Cluster");
        Directory.CreateDirectory(_options.DataPath);
        if (_tls.IsMember)
        {
            await StartBackendAsync(bootstrap: false, cancellationToken).ConfigureAwait(false);
        }
        else if (_options.RetryJoin.Count > 0)
        {
            _retryJoin = RetryJoinAsync(_options.RetryJoin, _stop.Token);
        }

        _cleanup = CleanUpDeadServersAsync(_stop.Token);
    }

    public async Task<byte[]> BootstrapAsync(CancellationToken cancellationToken)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_pendingJoin is not null)
            {
                throw CofferException.BadRequest("this node is joining a cluster: unseal it with the cluster's key shares instead of initializing it");
            }

            if (_backend is not null)
            {
                // Initialisation failed after bootstrapping earlier; the issuer is still on disk until it is stored.
                return _tls.LoadIssuer()
                    ?? throw CofferException.BadRequest("this node is already a member of an integrated storage cluster");
            }

            var authority = ClusterCertificates.CreateAuthority();
            var issuer = ClusterCertificates.ExportIssuer(authority);
            _tls.Save(ClusterCertificates.IssueNode(authority, NodeId));
            _tls.SaveIssuer(issuer);
            await StartBackendAsync(bootstrap: true, cancellationToken).ConfigureAwait(false);
            _tls.MarkMember();
            ClusterLog.Bootstrapped(_logger, NodeId, ClusterAddress);
            return issuer;
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    public void BootstrapCompleted() => _tls.DeleteIssuer();

    public async Task SetLeadWhileSealedAsync(bool allowed, CancellationToken cancellationToken)
    {
        if (_leadWhileSealed == allowed)
        {
            return;
        }

        _leadWhileSealed = allowed;
        if (_backend is { } backend && backend.MayLead != MayLead)
        {
            await backend.SetCandidacyAsync(MayLead, cancellationToken).ConfigureAwait(false);
        }
    }

    public byte[]? ReadApplied(string key) => Member?.GetApplied(key)?.Value;

    /// <summary>Only an unsealed node leads (it is the active node), except on a DR secondary, whose leader replicates.</summary>
    private bool MayLead => _unsealed || _leadWhileSealed;

    public async Task SetUnsealedAsync(bool unsealed, CancellationToken cancellationToken)
    {
        _unsealed = unsealed;
        if (_backend is not { } backend)
        {
            return;
        }

        await backend.SetCandidacyAsync(MayLead, cancellationToken).ConfigureAwait(false);
        if (unsealed)
        {
            await WaitForLeaderAsync(backend, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _retryJoin.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _cleanup.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await StopBackendAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task StartBackendAsync(bool bootstrap, CancellationToken cancellationToken)
    {
        var credentials = _tls.Load();
        var backend = new RaftBackend(
            new RaftOptions
            {
                NodeId = NodeId,
                DataPath = _options.DataPath,
                ClusterAddress = _options.ClusterAddress,
                ListenAddress = _options.ListenAddress,
                Bootstrap = bootstrap,
                PerformanceMultiplier = _options.PerformanceMultiplier,
                TrailingLogs = _options.TrailingLogs,
                LeaderLeaseReads = _options.LeaderLeaseReads,
                SnapshotThreshold = _options.SnapshotThreshold,
                SnapshotInterval = _options.SnapshotInterval,
                History = _options.History,
                Certificate = credentials.LoadCertificate(),
                TrustedCertificates = [credentials.LoadAuthority()],
            },
            _loggerFactory);
        backend.LeadershipChanged += OnBackendLeadershipChanged;
        backend.Restored += OnBackendRestored;
        try
        {
            await backend.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            backend.LeadershipChanged -= OnBackendLeadershipChanged;
            backend.Restored -= OnBackendRestored;
            await backend.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        // Only an unsealed node may lead; the first node leads from the start, to be initialised.
        await backend.SetCandidacyAsync(MayLead || bootstrap, cancellationToken).ConfigureAwait(false);
        _backend = backend;

        // Leadership may have changed before the engine was visible here; let Core look again.
        LeadershipChanged?.Invoke(this, EventArgs.Empty);
    }

    private async Task StopBackendAsync()
    {
        if (_backend is { } backend)
        {
            _backend = null;
            backend.LeadershipChanged -= OnBackendLeadershipChanged;
            backend.Restored -= OnBackendRestored;
            await backend.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits for a leader: after restarting a cluster, the nodes hold back from leading until they are unsealed, so
    /// the first unsealed node may have to win an election before the rest of unsealing can read storage.
    /// </summary>
    private static async Task WaitForLeaderAsync(RaftBackend backend, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(LeaderTimeout);
        try
        {
            while (backend.LeaderAddress is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CofferException(ErrorKind.Unavailable,
                "the cluster has no leader: a majority of its nodes must be running and reachable, and only unsealed nodes lead; retry");
        }
    }

    /// <summary>On the active node, with <c>cleanup_dead_servers</c>: removes followers silent past the dead-server threshold.</summary>
    private async Task CleanUpDeadServersAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(CleanupInterval, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested || Member is not { IsLeader: true } leader || !_autopilotSettings.CleanupDeadServers)
            {
                continue;
            }

            foreach (var nodeId in _autopilot.DeadServersToRemove(leader.Members))
            {
                try
                {
                    await leader.RemoveMemberAsync(nodeId, stop).ConfigureAwait(false);
                    ClusterLog.DeadServerRemoved(_logger, nodeId);
                }
                catch (Exception e) when (e is CofferException or OperationCanceledException)
                {
                    ClusterLog.DeadServerRemovalFailed(_logger, nodeId, e);
                    break;
                }
            }
        }
    }
}
