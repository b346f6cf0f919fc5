namespace Coffer.Raft.Commands;

/// <summary>What a replicated log entry does. The numeric values are part of the on-disk and wire format.</summary>
internal enum StorageCommandKind : byte
{
    Put = 1,
    Delete = 2,
    /// <summary>Puts and deletes applied atomically, in order.</summary>
    Batch = 3,
    /// <summary>Records (or updates) the cluster address of a Coffer node id.</summary>
    SetMember = 4,
    /// <summary>Forgets a Coffer node id.</summary>
    RemoveMember = 5,
}
