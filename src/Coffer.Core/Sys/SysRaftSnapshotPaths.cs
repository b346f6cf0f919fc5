using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary>
/// <c>sys/storage/raft/snapshot</c> (read: save a snapshot; write: restore one) and <c>snapshot-force</c> (restore
/// without checking that the snapshot was sealed by this cluster's keys). Both need sudo, as in Vault. The edge hands
/// the uploaded file over as <see cref="LogicalRequest.Body"/> and streams the saved one from the raw response.
/// </summary>
internal static class SysRaftSnapshotPaths
{
    /// <summary>Paths that need sudo (relative to <c>sys/</c>).</summary>
    public static readonly string[] Root = ["storage/raft/snapshot", "storage/raft/snapshot-force"];

    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("storage/raft/snapshot", [], Handlers.Of(
            (Operation.Read, async (_, _, ct) => await core.SaveSnapshotAsync(ct).ConfigureAwait(false)),
            (Operation.Create, (request, _, ct) => core.RestoreSnapshotAsync(request.Body, force: false, ct)),
            (Operation.Update, (request, _, ct) => core.RestoreSnapshotAsync(request.Body, force: false, ct))))
        {
            AcceptsUnknownFields = true,
            Synopsis = "Save a snapshot of integrated storage (read), or restore one sealed by this cluster's keys (write).",
        },
        new PathSpec("storage/raft/snapshot-force", [], Handlers.Of(
            Handlers.Write((request, _, ct) => core.RestoreSnapshotAsync(request.Body, force: true, ct))))
        {
            AcceptsUnknownFields = true,
            Synopsis = "Restore a snapshot even if another cluster's keys sealed it; the cluster then needs that cluster's unseal keys.",
        },
    ];
}
