using Coffer.Sdk.Framework;
using Coffer.Sdk.Logical;

namespace Coffer.Core.Sys;

/// <summary>
/// The <c>sys/</c> mount: a framework backend like any other, its paths declared one area per file.
/// The sealed-state endpoints (init, unseal, seal-status, health, leader) are HTTP handlers in the server.
/// </summary>
internal sealed class SystemBackend : FrameworkBackend
{
    public SystemBackend(CofferCore core)
        : base(
            [
                .. SysKeyPaths.Create(core),
                .. SysMountsPaths.Create(core),
                .. SysPoliciesPaths.Create(core),
                .. SysCapabilitiesPaths.Create(core),
                .. SysWrappingPaths.Create(core),
                .. SysAuditPaths.Create(core),
                .. SysRaftSnapshotPaths.Create(core),
                .. SysRaftPaths.Create(core),
                .. SysReplicationPaths.Create(core),
            ],
            "The system backend is built in to the server and cannot be remounted or disabled. It controls the server's configuration.",
            new SpecialPaths(
                Unauthenticated: ["internal/ui/mounts", "internal/ui/mounts/*", "wrapping/lookup", "storage/raft/bootstrap/challenge", "storage/raft/bootstrap/answer", .. SysReplicationPaths.Unauthenticated],
                Root: ["rotate", "seal", "step-down", "audit", "audit/*", "audit-hash/*", "raw/*", "remount", "auth/*", "config/cors", "config/auditing/*", "leases/revoke-prefix/*", "leases/revoke-force/*", "leases/lookup/*", .. SysReplicationPaths.Root, .. SysRaftSnapshotPaths.Root]))
    {
    }
}
