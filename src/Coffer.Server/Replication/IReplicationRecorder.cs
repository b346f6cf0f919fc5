using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;

namespace Coffer.Server.Replication;

/// <summary>
/// How this cluster records its commits for DR secondaries while it is a primary. File and in-memory storage keep a
/// log beside the data (<see cref="ReplicationLogSwitch"/>); integrated storage already has one, its Raft log, and
/// serves that (<see cref="RaftHistoryRecorder"/>).
/// </summary>
internal interface IReplicationRecorder
{
    /// <summary>What Core writes through.</summary>
    IPhysicalBackend Storage { get; }

    /// <summary>The configured backend itself: the secondary's applier, the wipe and the primary's own records write here.</summary>
    IPhysicalBackend Raw { get; }

    /// <summary>What the primary serves while recording, else null.</summary>
    IReplicationHistory? Recording { get; }

    /// <summary>
    /// Starts recording. With <paramref name="newLog"/> (a new primary) the history starts anew, under a new id;
    /// without it (a primary restarting or taking over) the existing history is resumed.
    /// </summary>
    Task StartRecordingAsync(bool newLog, CancellationToken cancellationToken);

    /// <summary>Stops serving from the history on this node.</summary>
    Task StopRecordingAsync(CancellationToken cancellationToken);
}
