using System.Collections.Immutable;
using Coffer.Raft.Commands;
using Coffer.Sdk.Physical;

namespace Coffer.Raft.StateMachine;

/// <summary>
/// One immutable version of the applied state: the key/value entries, the node-id → cluster-address map, and the
/// Raft position they reflect. Applying a command returns a new version that shares structure with this one, so a
/// snapshot writer can serialize a version while later entries keep being applied (architecture decision 6).
/// </summary>
internal sealed class KeyValueState
{
    public static readonly KeyValueState Empty = new(
        KeyMap<byte[]>.Empty,
        ImmutableSortedDictionary.Create<string, string>(StringComparer.Ordinal),
        index: 0,
        term: 0,
        membersIndex: 0);

    public KeyValueState(
        KeyMap<byte[]> entries,
        ImmutableSortedDictionary<string, string> members,
        long index,
        long term,
        long membersIndex,
        long restoreGeneration = 0,
        RestoreStaging? staging = null,
        long recordedIndex = 0)
    {
        Entries = entries;
        Members = members;
        Index = index;
        Term = term;
        MembersIndex = membersIndex;
        RestoreGeneration = restoreGeneration;
        Staging = staging;
        RecordedIndex = recordedIndex;
    }

    /// <summary>Keys in ordinal order. The arrays are never mutated once stored; readers must copy before handing out.</summary>
    public KeyMap<byte[]> Entries { get; }

    /// <summary>Coffer node id → cluster address (<c>host:port</c>).</summary>
    public ImmutableSortedDictionary<string, string> Members { get; }

    /// <summary>Index of the last log entry reflected in this version.</summary>
    public long Index { get; }

    /// <summary>Term of the last log entry reflected in this version.</summary>
    public long Term { get; }

    /// <summary>Index of the entry that last changed <see cref="Members"/> (Vault's configuration <c>index</c>).</summary>
    public long MembersIndex { get; }

    /// <summary>How many snapshot restores this state went through; nodes watch it to reload after a restore.</summary>
    public long RestoreGeneration { get; }

    /// <summary>The restore being received, if any; invisible to reads until its commit.</summary>
    public RestoreStaging? Staging { get; }

    /// <summary>
    /// Index of the last entry that changed a key the node's commit history records (0 without a history). Snapshots
    /// keep it, so a history that starts from one knows that nothing it records changed after this index.
    /// </summary>
    public long RecordedIndex { get; }

    /// <summary>The same content at a later log position (for entries that do not change the state, e.g. no-ops).</summary>
    public KeyValueState At(long index, long term) => new(Entries, Members, index, term, MembersIndex, RestoreGeneration, Staging, RecordedIndex);

    /// <summary>The state after <paramref name="command"/>; <paramref name="recorded"/> says the command changed a recorded key.</summary>
    public KeyValueState Apply(StorageCommand command, long index, long term, bool recorded = false)
    {
        var entries = Entries;
        var members = Members;
        var membersIndex = MembersIndex;
        var generation = RestoreGeneration;
        var staging = Staging;
        switch (command.Kind)
        {
            case StorageCommandKind.Put:
            case StorageCommandKind.Delete:
            case StorageCommandKind.Batch:
                entries = ApplyOperations(entries, command);
                break;
            case StorageCommandKind.SetMember:
                members = members.SetItem(command.NodeId!, command.Address!);
                membersIndex = index;
                break;
            case StorageCommandKind.RemoveMember:
                members = members.Remove(command.NodeId!);
                membersIndex = index;
                break;
            case StorageCommandKind.RestoreBegin:
                staging = RestoreStaging.Begin(command.RestoreId!);
                break;
            case StorageCommandKind.RestoreChunk when staging is not null && staging.Id == command.RestoreId:
                staging = staging with { Entries = staging.Entries.SetItems(command.Operations.Select(o => KeyValuePair.Create(o.Key, o.Value!))) };
                break;
            case StorageCommandKind.RestoreAbort when staging?.Id == command.RestoreId:
                staging = null;
                break;
            case StorageCommandKind.RestoreCommit when staging is not null && staging.Id == command.RestoreId:
                entries = Restored(staging.Entries, entries, command.KeepPrefix!);
                staging = null;
                generation++;
                break;
        }

        // Restore commands for another id than the staged one (a superseded restore) change nothing.
        return new(entries, members, index, term, membersIndex, generation, staging, recorded ? index : RecordedIndex);
    }

    /// <summary>The staged entries, except that the subtree under <paramref name="keepPrefix"/> stays as it is now.</summary>
    private static KeyMap<byte[]> Restored(KeyMap<byte[]> staged, KeyMap<byte[]> current, string keepPrefix)
    {
        if (keepPrefix.Length == 0)
        {
            return current;
        }

        var builder = staged.ToBuilder();
        builder.RemoveRange(staged.KeysFrom(keepPrefix).TakeWhile(k => k.StartsWith(keepPrefix, StringComparison.Ordinal)));
        foreach (var (key, value) in current.From(keepPrefix).TakeWhile(pair => pair.Key.StartsWith(keepPrefix, StringComparison.Ordinal)))
        {
            builder[key] = value;
        }

        return builder.ToImmutable();
    }

    private static KeyMap<byte[]> ApplyOperations(KeyMap<byte[]> entries, StorageCommand command)
    {
        if (command.Operations.Count == 1)
        {
            var single = command.Operations[0];
            return single.IsDelete ? entries.Remove(single.Key) : entries.SetItem(single.Key, single.Value!);
        }

        var builder = entries.ToBuilder();
        foreach (var operation in command.Operations)
        {
            if (operation.IsDelete)
            {
                builder.Remove(operation.Key);
            }
            else
            {
                builder[operation.Key] = operation.Value!;
            }
        }

        return builder.ToImmutable();
    }
}
