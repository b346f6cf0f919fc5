using Coffer.Sdk.Errors;
using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary>
/// <c>sys/storage/raft/*</c>. On a server whose storage is not integrated storage every path explains that, instead
/// of a bare 404, because operators reach these paths from runbooks written for Raft clusters.
/// </summary>
internal static class SysRaftPaths
{
    public static IEnumerable<PathSpec> Create(CofferCore core) =>
    [
        new PathSpec("storage/raft/(?<rest>.*)", [FieldSchema.String("rest", "The raft operation.")],
            Handlers.Of(
                (Operation.Read, (_, _, _) => NotRaft(core)),
                (Operation.Update, (_, _, _) => NotRaft(core)),
                (Operation.Create, (_, _, _) => NotRaft(core)),
                (Operation.Delete, (_, _, _) => NotRaft(core)),
                (Operation.List, (_, _, _) => NotRaft(core))))
        {
            AcceptsUnknownFields = true,
            Synopsis = "Integrated storage (raft) administration: peers, autopilot, snapshots.",
        },
    ];

    private static Task<LogicalResponse?> NotRaft(CofferCore core) =>
        throw CofferException.BadRequest($"integrated storage (raft) is not in use: this server's storage type is \"{core.StorageType}\"");
}
