using Coffer.Core.Ha;
using Coffer.Raft;
using Coffer.Sdk.Errors;

namespace Coffer.Server.Cluster;

/// <summary>Snapshot save and restore of the replicated entries, for <c>sys/storage/raft/snapshot</c>.</summary>
internal sealed partial class RaftNode
{
    public event EventHandler? StateRestored;

    public long RestoreGeneration
    {
        get
        {
            try
            {
                return Member?.RestoreGeneration ?? 0;
            }
            catch (InvalidOperationException)
            {
                // Stopped (or stopping) engine: no restore is pending on this node any more.
                return 0;
            }
        }
    }

    public async Task<StoredStateVersion> CaptureStateAsync(CancellationToken cancellationToken)
    {
        var view = await RequireMember().CaptureAsync(cancellationToken).ConfigureAwait(false);
        return new StoredStateVersion(view.Index, view.Term, view.Entries);
    }

    public async Task RestoreStateAsync(IAsyncEnumerable<KeyValuePair<string, byte[]>> entries, string keepPrefix, CancellationToken cancellationToken)
    {
        try
        {
            await RequireMember().RestoreAsync(entries, keepPrefix, cancellationToken).ConfigureAwait(false);
        }
        catch (CofferException e) when (e.Kind == ErrorKind.Standby)
        {
            throw LostLeadership();
        }
    }

    private void OnBackendRestored(object? sender, EventArgs e) => StateRestored?.Invoke(this, EventArgs.Empty);
}
