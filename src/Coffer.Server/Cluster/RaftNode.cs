using System.Text.Json.Nodes;
using Coffer.Core.Ha;
using Coffer.Raft;
using Coffer.Raft.Autopilot;
using Coffer.Sdk.Errors;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Server.Cluster;

/// <summary>
/// One node of integrated storage in the running server: owns the <see cref="RaftBackend"/> (started at boot when the
/// node is already a member, at <c>sys/init</c> on the first node, or when a join completes), the node's TLS material,
/// the join handshake, and the active node's autopilot bookkeeping. Core sees it as <see cref="IIntegratedStorage"/>;
/// <see cref="RaftNodeStorage"/> is its physical backend.
/// </summary>
internal sealed partial class RaftNode : IIntegratedStorage, IAsyncDisposable
{
    private readonly RaftNodeOptions _options;
    private readonly ClusterTlsFiles _tls;
    private readonly AutopilotTracker _autopilot;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private ILogger _logger = NullLogger.Instance;
    private volatile RaftBackend? _backend;
    private volatile PendingJoin? _pendingJoin;
    private volatile bool _unsealed;
    private volatile bool _leadWhileSealed;
    private AutopilotSettings _autopilotSettings = new();
    private Task _retryJoin = Task.CompletedTask;
    private Task _cleanup = Task.CompletedTask;

    public RaftNode(RaftNodeOptions options, TimeProvider time)
    {
        _options = options;
        _tls = new ClusterTlsFiles(options.DataPath);
        _autopilot = new AutopilotTracker(time, options.Version);
    }

    public event EventHandler? LeadershipChanged;

    public string NodeId => _options.NodeId;

    public string ClusterAddress => _backend?.ClusterAddress ?? _options.ClusterAddress;

    /// <summary>Where Raft listens, <c>host:port</c>; DR replication listens on the next port.</summary>
    internal string ListenAddress => _options.ListenAddress;

    public bool IsJoining => _pendingJoin is not null;

    /// <summary>The engine once this node is a member of a cluster; null before, and while a join is being completed.</summary>
    internal RaftBackend? Member => _pendingJoin is null ? _backend : null;

    /// <summary>The join handshake waiting for unseal, if any.</summary>
    internal PendingJoin? Pending => _pendingJoin;

    public bool IsLeader => Member?.IsLeader ?? false;

    public string? LeaderNodeId => Member?.LeaderId;

    public string? LeaderClusterAddress => Member?.LeaderAddress;

    public long Term => Member?.Term ?? 0;

    public long CommittedIndex => Member?.CommitIndex ?? 0;

    public long AppliedIndex => Member?.AppliedIndex ?? 0;

    public AutopilotSettings AutopilotSettings
    {
        get => _autopilotSettings;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _autopilotSettings = value;
            _autopilot.Config = new AutopilotConfig
            {
                CleanupDeadServers = value.CleanupDeadServers,
                LastContactThreshold = value.LastContactThreshold,
                DeadServerLastContactThreshold = value.DeadServerLastContactThreshold,
                MaxTrailingLogs = value.MaxTrailingLogs,
                MinQuorum = value.MinQuorum,
                ServerStabilizationTime = value.ServerStabilizationTime,
                DisableUpgradeMigration = value.DisableUpgradeMigration,
            };
        }
    }

    public RaftConfiguration GetConfiguration()
    {
        var backend = RequireMember();
        return new RaftConfiguration(
            backend.ConfigurationIndex,
            backend.Members.Select(m => new RaftServerInfo(m.NodeId, m.Address, m.IsLeader, m.IsVoter)).ToList());
    }

    public bool RecordHeartbeat(FollowerHeartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        return _autopilot.RecordHeartbeat(heartbeat.NodeId, heartbeat.AppliedIndex, heartbeat.Term, heartbeat.Version, heartbeat.SentAt);
    }

    public JsonObject GetAutopilotState()
    {
        var backend = RequireMember();
        var state = _autopilot.Evaluate(backend.Members, backend.LastLogIndex, backend.Term);
        return AutopilotJson.Serialize(state);
    }

    public byte[] IssueNodeCredentials(ReadOnlySpan<byte> issuer, string nodeId)
    {
        using var authority = ClusterCertificates.ImportIssuer(issuer);
        return ClusterCertificates.IssueNode(authority, nodeId).Serialize();
    }

    public async Task AddPeerAsync(string nodeId, string clusterAddress, CancellationToken cancellationToken)
    {
        var backend = RequireMember();
        try
        {
            await backend.AddMemberAsync(nodeId, clusterAddress, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException e)
        {
            throw CofferException.BadRequest(e.Message);
        }
        catch (CofferException e) when (e.Kind == ErrorKind.Standby)
        {
            throw LostLeadership();
        }

        ClusterLog.PeerAdded(_logger, nodeId, clusterAddress);
    }

    public async Task RemovePeerAsync(string nodeId, CancellationToken cancellationToken)
    {
        try
        {
            await RequireMember().RemoveMemberAsync(nodeId, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferException e) when (e.Kind == ErrorKind.Standby)
        {
            throw LostLeadership();
        }

        ClusterLog.PeerRemoved(_logger, nodeId);
    }

    internal static CofferException LostLeadership() =>
        new(ErrorKind.Unavailable, "this node lost leadership of the cluster before the request completed; retry");

    private RaftBackend RequireMember() => Member
        ?? throw new CofferException(ErrorKind.Unavailable, "this node is not a member of an integrated storage cluster yet");

    private void OnBackendLeadershipChanged(object? sender, RaftLeadershipChangedEventArgs e)
    {
        if (e.IsLeader)
        {
            // A new leader starts autopilot from what it hears itself, as Vault does.
            _autopilot.Reset();
        }

        LeadershipChanged?.Invoke(this, EventArgs.Empty);
    }
}
