using System.Text;
using Coffer.Replication;
using Coffer.Replication.Wal;
using Coffer.Sdk.Errors;
using Coffer.Sdk.Physical;
using Coffer.Server.Cluster;

namespace Coffer.Server.Replication;

/// <summary>
/// Recording on integrated storage: nothing is written twice. Every node keeps its newest applied entries in memory
/// while the cluster's history marker is set (<see cref="ReplicationKeys.HistoryMarker"/>), and the active node
/// serves them, tagged with their Raft index. Writes go straight to Raft.
/// </summary>
/// <remarks>
/// The marker is replicated, so every node starts recording at the same entry and keeps doing so across restarts
/// and leader changes: a new active node resumes serving without any secondary re-indexing. A new primary writes a
/// new marker (a new history id); disabling the primary deletes it, and every node drops what it kept.
/// </remarks>
internal sealed class RaftHistoryRecorder(RaftNode node, IPhysicalBackend raw) : IReplicationRecorder
{
    private volatile RaftReplicationHistory? _recording;

    public IPhysicalBackend Storage => raw;

    public IPhysicalBackend Raw => raw;

    public IReplicationHistory? Recording => _recording;

    public async Task StartRecordingAsync(bool newLog, CancellationToken cancellationToken)
    {
        var history = node.Member?.History
            ?? throw new CofferException(ErrorKind.Unavailable, "integrated storage on this node keeps no commit history");
        if (newLog || history.Id is null)
        {
            // Returns once committed and applied here, so the history below already carries the new id.
            var id = Guid.NewGuid().ToString("N");
            await raw.PutAsync(new PhysicalEntry(ReplicationKeys.HistoryMarker, Encoding.UTF8.GetBytes(id)), cancellationToken).ConfigureAwait(false);
        }

        var current = history.Id ?? throw new InvalidOperationException("The commit history marker was removed while recording started.");
        _recording = new RaftReplicationHistory(history, current);
    }

    public Task StopRecordingAsync(CancellationToken cancellationToken)
    {
        _recording = null;
        return Task.CompletedTask;
    }
}
