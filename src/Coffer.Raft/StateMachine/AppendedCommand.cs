using Coffer.Raft.Commands;

namespace Coffer.Raft.StateMachine;

/// <summary>
/// The command behind an entry this node appended as leader, handed to its own state machine with the entry (the
/// engine's runtime context), so that applying it does not decode what was encoded a moment before: every key and
/// value of a batch would otherwise be allocated a second time on the busiest path of a leader, and of a DR
/// secondary's active node, which leads its own cluster.
/// </summary>
/// <remarks>
/// <para>
/// The engine keeps a context by log index until the entry there is applied, and does not drop it when a later leader
/// overwrites that index. So the context also names the term the entry was appended in and its length: in Raft an
/// index and a term identify one entry (only the term's one leader appends in it, once per index), so a context is
/// used only for an entry of the same term and length, and any other entry at that index is decoded as usual.
/// </para>
/// <para>
/// Followers, and this node after a restart, never see a context: they decode. The state keeps value arrays; a value
/// its writer did not hand over (<see cref="Sdk.Physical.PhysicalOperation.ValueHandedOver"/>) is copied when applied,
/// as decoding would have.
/// </para>
/// </remarks>
internal sealed record AppendedCommand(StorageCommand Command, long Term, long EncodedLength)
{
    /// <summary>This entry's command, when <paramref name="context"/> was appended with it; null otherwise.</summary>
    public static StorageCommand? For(object? context, long term, long length) =>
        context is AppendedCommand appended && appended.Term == term && appended.EncodedLength == length
            ? appended.Command.WithOwnedValues()
            : null;
}
