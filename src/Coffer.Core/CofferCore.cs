using System.Text.Json;
using Coffer.Core.Audit;
using Coffer.Core.Barrier;
using Coffer.Core.Json;
using Coffer.Core.Leases;
using Coffer.Core.Wrapping;
using Coffer.Core.Policies;
using Coffer.Core.Replication;
using Coffer.Core.Routing;
using Coffer.Core.Seal;
using Coffer.Core.Storage;
using Coffer.Core.Telemetry;
using Coffer.Core.Tokens;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging;

namespace Coffer.Core;

/// <summary>
/// The server's core: seal state, barrier, mounts, tokens and policies, and the request pipeline. It is sealed
/// until unsealed; while sealed only the seal endpoints answer. Split by concern into partial files.
/// </summary>
public sealed partial class CofferCore
{
    private readonly IPhysicalBackend _physical;
    private readonly SemaphoreSlim _stateLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly ShareCollector _unsealShares = new();
    private volatile MountTable _mounts = new([]);
    private volatile Dictionary<string, ILogicalBackend> _backends = new(StringComparer.Ordinal);
    private bool _discardRunningBackends;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StorageView> _storageViews = new(StringComparer.Ordinal);
    private volatile SealConfig? _sealConfig;
    private ClusterInfo? _clusterInfo;

    /// <param name="integratedStorage">Raft integrated storage behind <paramref name="physical"/>, for HA; null otherwise.</param>
    /// <param name="replication">The DR replication engine; null where the host offers none (replication endpoints then refuse).</param>
    public CofferCore(
        CoreOptions options,
        IPhysicalBackend physical,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        Ha.IIntegratedStorage? integratedStorage = null,
        IReplicationProvider? replication = null)
    {
        Options = options;
        _physical = new MeteredPhysicalBackend(new DrSecondaryWriteGuard(physical, () => Replication is { IsSecondary: true }));
        Time = time;
        _logger = loggerFactory.CreateLogger<CofferCore>();
        Barrier = new AesGcmBarrier(_physical, time);
        Storage = new MeteredStorage(Barrier);
        Tokens = new TokenStore(Storage, Barrier, time);
        Policies = new PolicyStore(Storage);
        RootGeneration = new RootGeneration(this);
        Expiration = new ExpirationManager(Tokens, time, _logger, options.ExpirationSweepInterval);
        Wrapping = new ResponseWrapping(this);
        Audit = new AuditBroker(Storage, time, _logger);
        CoreMetrics.ObserveSealState(this);
        Tokens.Revoked = DestroyCubbyholeAsync;
        _joinChallenges = new Ha.JoinChallenges(time);
        IntegratedStorage = integratedStorage;
        if (integratedStorage is not null)
        {
            integratedStorage.LeadershipChanged += OnLeadershipChanged;
            integratedStorage.StateRestored += OnStateRestored;
        }

        Replication = new DrReplication(this, replication, _physical, loggerFactory.CreateLogger<DrReplication>());
    }

    public CoreOptions Options { get; }

    public TimeProvider Time { get; }

    public AesGcmBarrier Barrier { get; }

    /// <summary>The barrier as Core's own code uses it: plaintext storage, with each operation timed.</summary>
    public IStorage Storage { get; }

    public TokenStore Tokens { get; }

    public PolicyStore Policies { get; }

    public RootGeneration RootGeneration { get; }

    public ExpirationManager Expiration { get; }

    public ResponseWrapping Wrapping { get; }

    public AuditBroker Audit { get; }

    /// <summary>DR replication: this cluster's mode and the <c>sys/replication/*</c> operations.</summary>
    public DrReplication Replication { get; }

    public MountTable Mounts => _mounts;

    public string StorageType => _physical.Name;

    /// <summary>
    /// Sealed as clients and operators see it: true until unsealing has finished loading what requests need (tokens,
    /// policies, mounts, audit devices), and again from the first step of sealing. The barrier itself opens earlier,
    /// because unsealing reads through it; answering requests, <c>sys/health</c> or <c>sys/seal-status</c> in that
    /// window would serve an empty mount table.
    /// </summary>
    public bool IsSealed => !_serving || Barrier.IsSealed;

    /// <summary>
    /// The barrier is open, so this node holds a keyring in memory: from the start of unsealing (before
    /// <see cref="IsSealed"/> turns false) until it is sealed. What must act on the keyring held, or on state read
    /// through it, asks this, not <see cref="IsSealed"/>.
    /// </summary>
    internal bool HoldsKeyring => !Barrier.IsSealed;

    public ClusterInfo? ClusterInfo => _clusterInfo;

    /// <summary>When this node became active (unsealed), for <c>sys/leader</c>.</summary>
    public DateTimeOffset? ActiveSince { get; private set; }

    /// <summary>
    /// Whether storage holds a keyring. A DR secondary counts as initialised even while its first copy from the
    /// primary (which brings the keyring) is still running: it belongs to a replication set, and init must not run.
    /// </summary>
    public async Task<bool> IsInitializedAsync(CancellationToken cancellationToken) =>
        Replication.IsSecondary || await Barrier.IsInitializedAsync(cancellationToken).ConfigureAwait(false);

    public async Task<SealConfig?> GetSealConfigAsync(CancellationToken cancellationToken)
    {
        if (_sealConfig is not null)
        {
            return _sealConfig;
        }

        var entry = await _physical.GetAsync(CorePaths.SealConfig, cancellationToken).ConfigureAwait(false);
        _sealConfig = entry is null ? null : JsonSerializer.Deserialize(entry.Value, CoreJsonContext.Default.SealConfig);
        return _sealConfig;
    }

    public async Task<SealStatus> GetSealStatusAsync(CancellationToken cancellationToken)
    {
        var initialized = await IsInitializedAsync(cancellationToken).ConfigureAwait(false);
        var config = initialized ? await GetSealConfigAsync(cancellationToken).ConfigureAwait(false) : null;
        var isSealed = IsSealed;
        return new SealStatus(
            initialized,
            isSealed,
            config?.SecretThreshold ?? 0,
            config?.SecretShares ?? 0,
            _unsealShares.Count,
            _unsealShares.Nonce,
            StorageType,
            isSealed ? null : _clusterInfo?.Name,
            isSealed ? null : _clusterInfo?.Id);
    }
}
