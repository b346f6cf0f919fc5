using System.Net;
using Coffer.Raft.Cluster;
using Coffer.Raft.Commands;
using Coffer.Raft.History;
using Coffer.Raft.StateMachine;
using Coffer.Sdk.Physical;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Raft;

/// <summary>
/// Integrated storage: an <see cref="IPhysicalBackend"/> replicated with Raft (DotNext.Net.Cluster over TCP, mutual
/// TLS when configured). Writes go through the leader and return once committed and applied locally; reads pass a
/// read barrier first, so any node returns everything acknowledged before the read started.
/// </summary>
/// <remarks>
/// Layout of <see cref="RaftOptions.DataPath"/>: <c>wal/</c> (the engine's log), <c>snapshots/</c> (state machine
/// snapshots), <c>members</c> (the engine's membership) and <c>node-id</c> (guards against reusing a directory under
/// another node id).
/// </remarks>
public sealed partial class RaftBackend : IPhysicalBackend, IKeyScan, IAsyncDisposable
{
    private const string NodeIdFileName = "node-id";

    private readonly RaftOptions _options;
    private readonly RaftTimings _timings;
    private readonly EndPoint _clusterEndPoint;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _lifecycleLock = new();
    private readonly WriteCoalescer _writes;
    private KeyValueStateMachine? _stateMachine;
    private WriteAheadLog? _log;
    private MembershipFile? _membership;
    private RaftCluster? _cluster;
    private bool _started;
    private bool _stopped;

    public RaftBackend(RaftOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.NodeId, nameof(options));
        ArgumentException.ThrowIfNullOrWhiteSpace(options.DataPath, nameof(options));
        if ((options.Certificate is null) != (options.TrustedCertificates is null))
        {
            throw new ArgumentException("Mutual TLS needs both a certificate and trusted certificates.", nameof(options));
        }

        _options = options;
        _timings = RaftTimings.From(options);
        _clusterEndPoint = ClusterEndPoints.Parse(options.ClusterAddress);
        ClusterAddress = ClusterEndPoints.Format(_clusterEndPoint);
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<RaftBackend>();

        // A combined entry is not bound to any one caller: it ends with its outcome or with this node's leadership.
        _writes = new WriteCoalescer((payload, command) => ReplicateEntryAsync(payload, command, CancellationToken.None), options.MaxEntrySize);
    }

    public string Name => "raft";

    /// <summary>This node's id (Vault's <c>node_id</c>).</summary>
    public string NodeId => _options.NodeId;

    /// <summary>This node's cluster address in canonical <c>host:port</c> form.</summary>
    public string ClusterAddress { get; }

    /// <summary>The applied entries this node keeps for readers outside the cluster (<see cref="RaftOptions.History"/>); null without.</summary>
    public CommitHistory? History { get; private set; }

    /// <summary>
    /// Opens the log and snapshots in <see cref="RaftOptions.DataPath"/>, replays committed entries and starts serving
    /// Raft. A <see cref="RaftOptions.Bootstrap"/> node with an empty directory forms a one-node cluster and waits to
    /// become its leader; any other node resumes its persisted membership, or waits to be added by a leader.
    /// </summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycleLock)
        {
            ObjectDisposedException.ThrowIf(_stopped, this);
            if (_started)
            {
                throw new InvalidOperationException("The Raft backend is already started.");
            }

            _started = true;
        }

        var dataPath = Path.GetFullPath(_options.DataPath);
        Directory.CreateDirectory(dataPath);
        ClaimDataDirectory(dataPath);

        History = _options.History is { } history ? new CommitHistory(history, TimeProvider.System) : null;
        _stateMachine = new KeyValueStateMachine(Path.Combine(dataPath, "snapshots"), _options.SnapshotThreshold, _options.TrailingLogs, History);
        _stateMachine.Restore();
        _stateMachine.Restored += OnStateMachineRestored;

        // The engine reads the state machine's snapshot index in this constructor: restore first (spec §2.3).
        _log = new WriteAheadLog(
            new WriteAheadLog.Options
            {
                Location = Path.Combine(dataPath, "wal"),
                ChunkSize = _options.WalChunkSize,
                HashAlgorithm = WriteAheadLog.IntegrityHashAlgorithm.XxHash3,
                // Flushing private buffers is a write-through write; flushing the default mapped files is an msync that
                // re-protects each dirty page with a TLB shootdown on every core. The cost: the log lives in RAM
                // (docs/architecture.md, "The Raft log's pages live in private memory").
                MemoryManagement = WriteAheadLog.MemoryManagementStrategy.PrivateMemory,
            },
            _stateMachine);

        var membershipPath = Path.Combine(dataPath, "members");
        var coldStart = _options.Bootstrap && !File.Exists(membershipPath);
        _membership = new MembershipFile(membershipPath);
        _cluster = new RaftCluster(CreateConfiguration(coldStart)) { AuditTrail = _log };
        _cluster.LeaderChanged += OnLeaderChanged;

        await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        _leadershipWatch = WatchLeadershipAsync(_cluster, _watchStop.Token);
        _stateMachine.StartSnapshotTimer(_options.SnapshotInterval);
        Log.Started(_logger, _options.NodeId, ClusterAddress, coldStart);

        if (coldStart)
        {
            // A fresh one-node cluster elects itself; wait so that the caller can write as soon as this returns.
            await _cluster.WaitForLeadershipAsync(cancellationToken).ConfigureAwait(false);
            await EnsureRegisteredAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stops serving Raft and closes the log. The node can be started again from its directory by a new instance.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycleLock)
        {
            if (_stopped)
            {
                return;
            }

            _stopped = true;
        }

        await _watchStop.CancelAsync().ConfigureAwait(false);
        await _leadershipWatch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _watchStop.Dispose();
        if (_cluster is { } cluster)
        {
            cluster.LeaderChanged -= OnLeaderChanged;
            try
            {
                await cluster.StopAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                await cluster.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (_log is { } log)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }

        if (_stateMachine is { } stateMachine)
        {
            await stateMachine.DisposeAsync().ConfigureAwait(false);
        }

        _membership?.Dispose();
        Log.Stopped(_logger, _options.NodeId);
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private RaftCluster.TcpConfiguration CreateConfiguration(bool coldStart)
    {
        var configuration = new RaftCluster.TcpConfiguration(ClusterEndPoints.ListenEndPoint(_options.ListenAddress, _clusterEndPoint))
        {
            PublicEndPoint = _clusterEndPoint,
            LowerElectionTimeout = _timings.LowerElectionTimeoutMs,
            UpperElectionTimeout = _timings.UpperElectionTimeoutMs,
            RequestTimeout = _timings.RequestTimeout,
            ConnectTimeout = _timings.ConnectTimeout,
            ColdStart = coldStart,
            IsLeaderLeaseEnabled = _options.LeaderLeaseReads,
            ConfigurationStorage = _membership,
            LoggerFactory = _loggerFactory,
            SslOptions = _options.Certificate is { } certificate
                ? MutualTls.Create(certificate, _options.TrustedCertificates!)
                : null,
        };
        configuration.Metadata["node_id"] = _options.NodeId;
        return configuration;
    }

    /// <summary>Takes a snapshot of the applied state now (off the apply path) and returns its index, 0 if nothing new to snapshot.</summary>
    internal async Task<long> SnapshotNowAsync()
    {
        var (_, stateMachine, _) = Running();
        return (await stateMachine.RequestSnapshot(force: true).ConfigureAwait(false))?.Index ?? 0;
    }

    /// <summary>Refuses a data directory that another node id created: its log and membership belong to that node.</summary>
    private void ClaimDataDirectory(string dataPath)
    {
        var path = Path.Combine(dataPath, NodeIdFileName);
        if (File.Exists(path))
        {
            var owner = File.ReadAllText(path).Trim();
            if (!string.Equals(owner, _options.NodeId, StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"The Raft data directory belongs to node '{owner}', not '{_options.NodeId}'.");
            }

            return;
        }

        File.WriteAllText(path, _options.NodeId);
    }

    private (RaftCluster Cluster, KeyValueStateMachine StateMachine, WriteAheadLog Log) Running()
    {
        if (_cluster is not { } cluster || _stateMachine is not { } stateMachine || _log is not { } log)
        {
            throw new InvalidOperationException("The Raft backend is not started.");
        }

        ObjectDisposedException.ThrowIf(_stopped, this);
        return (cluster, stateMachine, log);
    }
}
