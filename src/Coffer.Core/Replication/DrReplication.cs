using System.Text.Json;
using Coffer.Core.Storage;
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
        if (_state.Mode != DrMode.Primary || _provider is null || _primary is not null)
        {
            return;
        }

        try
        {
            _primary = await _provider.StartPrimaryAsync(_state.PrimaryClusterAddress, cancellationToken).ConfigureAwait(false);
            _primaryError = null;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Unsealing must not fail because the replication port is busy; status shows the primary idle and why.
            _primaryError = e.Message;
            DrLog.PrimaryStartFailed(_logger, e);
        }
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

    private IReplicationProvider Provider => _provider ?? throw DrErrors.NotAvailable();

    private async Task<DrStateRecord> LoadAsync(CancellationToken cancellationToken)
    {
        var stored = await _physical.GetAsync(CorePaths.DrState, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return DrStateRecord.Disabled;
        }

        var record = JsonSerializer.Deserialize(stored.Value, DrJsonContext.Default.DrStateRecord)
            ?? throw new InvalidDataException("The stored DR replication state is empty.");
        return record.Version == DrStateRecord.CurrentVersion
            ? record
            : throw new InvalidDataException($"Unsupported DR replication state version {record.Version}.");
    }

    /// <summary>Persists, then publishes, the new mode: a crash after the write restarts in that mode.</summary>
    private async Task SaveAsync(DrStateRecord state, CancellationToken cancellationToken)
    {
        await _physical.PutAsync(
            new PhysicalEntry(CorePaths.DrState, JsonSerializer.SerializeToUtf8Bytes(state, DrJsonContext.Default.DrStateRecord)),
            cancellationToken).ConfigureAwait(false);
        _state = state;
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
