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
    /// <summary>Starts staging a snapshot restore under an id; replaces any restore staged before.</summary>
    RestoreBegin = 6,
    /// <summary>Adds entries to the staged restore with the same id.</summary>
    RestoreChunk = 7,
    /// <summary>Swaps the staged entries in as the whole state, keeping the current entries under a prefix.</summary>
    RestoreCommit = 8,
    /// <summary>Drops the staged restore with the same id.</summary>
    RestoreAbort = 9,
}
