using Coffer.Sdk.Physical;

namespace Coffer.Raft.History;

/// <summary>
/// What a <see cref="CommitHistory"/> keeps of one storage command: its operations on recorded keys in order, whether
/// it writes or deletes the marker, and whether it is a restore commit (which may replace every key).
/// </summary>
internal readonly record struct SelectedCommand(IReadOnlyList<PhysicalOperation> Recorded, bool SetsMarker, bool Restores)
{
    /// <summary>The state's <c>RecordedIndex</c> moves to this command's entry.</summary>
    public bool ChangesRecordedKeys => Restores || Recorded.Count > 0;
}
