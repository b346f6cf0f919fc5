using System.Text.Json;
using Coffer.Core.Storage;
using Coffer.Sdk.Logical;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging;

namespace Coffer.Core.Replication;

/// <summary>
/// DR replication as Core sees it: the cluster's mode (disabled, primary, secondary), persisted at
/// <see cref="CorePaths.DrState"/>, and the transitions between modes behind <c>sys/replication/dr/*</c>. The
/// engine behind <see cref="IReplicationProvider"/> moves the data; this class decides when, and what Core does
/// around it (seal on activation, read-only while a secondary, caches refreshed after each applied batch).
/// Split by concern: primary, secondary, status and DR operation tokens live in their own files.
/// </summary>
public sealed partial class DrReplication
{
    private readonly CofferCore _core;
    private readonly IReplicationProvider? _provider;
    private readonly IPhysicalBackend _physical;
    private readonly ILogger _logger;
    private readonly DrOperationTokenStore _operationTokens;

    // Serialises mode transitions; requests that only read the mode never take it.
    private readonly SemaphoreSlim _transition = new(1, 1);
    private volatile DrStateRecord _state = DrStateRecord.Disabled;
    private volatile DrPrimaryStarted? _primary;
    private volatile string? _primaryError;

    internal DrReplication(CofferCore core, IReplicationProvider? provider, IPhysicalBackend physical, ILogger logger)
    {
        _core = core;
        _provider = provider;
        _physical = physical;
        _logger = logger;
        _operationTokens = new DrOperationTokenStore(physical, core.Time);
    }

    public DrMode Mode => _state.Mode;

    /// <summary>A DR secondary (following a primary or demoted): read-only, serving only <see cref="DrSecondaryPaths"/>.</summary>
    public bool IsSecondary => _state.Mode == DrMode.Secondary;

    /// <summary>The replication set this cluster belongs to (a primary's own id, a secondary's primary's); empty when disabled.</summary>
    internal string ReplicationSetId => _state.ClusterId;

    /// <summary>
    /// Whether the router serves this request without <c>X-Vault-Token</c> because its body carries a DR operation
    /// token, which its handler then checks: on a DR secondary, writes to the integrated-storage administration
    /// paths (Vault adds those paths to the system backend's unauthenticated ones while it is a DR secondary). Reads
    /// of them keep the ordinary token check, so a batch DR token also works as <c>X-Vault-Token</c> on a GET.
    /// </summary>
    public bool TakesOperationTokenInBody(string path, Operation operation) =>
        IsSecondary && operation is Operation.Create or Operation.Update && DrSecondaryPaths.IsRaftAdministration(path);

    /// <summary>The mode as <c>replication_dr_mode</c> and <c>mode</c> spell it.</summary>
    public string ModeName => Mode switch
    {
        DrMode.Primary => "primary",
        DrMode.Secondary => "secondary",
        _ => "disabled",
    };

    /// <summary>
    /// Reads the stored mode; a secondary starts following its primary at once, sealed or not (its first unseal
    /// needs the primary's keyring, which only replication brings). A primary records commits from now on and starts
    /// serving secondaries at unseal.
    /// </summary>
    public async Task RestoreAsync(CancellationToken cancellationToken)
    {
        var state = await LoadAsync(cancellationToken).ConfigureAwait(false);
        _state = state;
        if (state.Mode == DrMode.Primary && _provider is not null)
        {
            // Before anything can write: the log resumes exactly where the previous process left it.
            await _provider.StartRecordingAsync(newLog: false, cancellationToken).ConfigureAwait(false);
        }

        if (state is { Mode: DrMode.Secondary, Activation: { } bundle } && _provider is not null)
        {
            await _provider.StartSecondaryAsync(bundle, _core.OnReplicatedChangesAsync, cancellationToken).ConfigureAwait(false);
            DrLog.SecondaryResumed(_logger, state.SecondaryId, state.PrimaryClusterAddress);
        }
    }

    /// <summary>Called by Core after each unseal: a primary (re)starts serving its secondaries.</summary>
    internal async Task OnUnsealedAsync(CancellationToken cancellationToken)
    {
        // On integrated storage the active node serves secondaries, whichever node was unsealed (OnBecomingActiveAsync).
        if (OnIntegratedStorage || _state.Mode != DrMode.Primary || _provider is null || _primary is not null)
        {
            return;
        }

        await StartServingSecondariesAsync(_provider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Called by Core when it seals: a sealed primary serves no secondary.</summary>
    internal async Task OnSealedAsync(CancellationToken cancellationToken)
    {
        if (_primary is null || _provider is null)
        {
            return;
        }

        await _provider.StopPrimaryAsync(cancellationToken).ConfigureAwait(false);
        _primary = null;
    }

    /// <summary>The stored replication-set id, or null (the provider then keeps or makes its own) when none is recorded.</summary>
    private static string? ClusterIdOrNull(DrStateRecord state) => state.ClusterId.Length > 0 ? state.ClusterId : null;

    private IReplicationProvider Provider => _provider ?? throw DrErrors.NotAvailable();

    private async Task<DrStateRecord> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await _physical.GetAsync(CorePaths.DrState, cancellationToken).ConfigureAwait(false);
        return stored is null ? DrStateRecord.Disabled : Parse(stored.Value);
    }

    /// <summary>Reads the mode from storage (integrated storage: another node may have changed it).</summary>
    internal async Task RefreshModeAsync(CancellationToken cancellationToken)
    {
        if (_provider is not null)
        {
            _state = await LoadAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Persists, then publishes, the new mode: a crash after the write restarts in that mode.</summary>
    private async Task SaveAsync(DrStateRecord state, CancellationToken cancellationToken)
    {
        await _physical.PutAsync(
            new PhysicalEntry(CorePaths.DrState, JsonSerializer.SerializeToUtf8Bytes(state, DrJsonContext.Default.DrStateRecord)),
            cancellationToken).ConfigureAwait(false);
        _state = state;

        // A DR secondary's leader replicates while sealed: the node that made the change must not resign when it seals.
        if (_core.IntegratedStorage is { } raft)
        {
            await raft.SetLeadWhileSealedAsync(state.Mode == DrMode.Secondary, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<T> TransitionAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        await _transition.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            _transition.Release();
        }
    }
}
