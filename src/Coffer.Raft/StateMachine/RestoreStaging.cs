using Coffer.Sdk.Physical;

namespace Coffer.Raft.StateMachine;

/// <summary>
/// A snapshot restore in progress: the entries received so far under the restore's id. It is part of the replicated
/// state (and of state-machine snapshots), so that every node swaps in the same entries when the commit arrives, and a
/// restore cut short by a crash or a change of leader never touches the live entries.
/// </summary>
internal sealed record RestoreStaging(string Id, KeyMap<byte[]> Entries)
{
    public static RestoreStaging Begin(string id) => new(id, KeyMap<byte[]>.Empty);
}
