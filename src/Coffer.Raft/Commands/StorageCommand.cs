using Coffer.Sdk.Physical;

namespace Coffer.Raft.Commands;

/// <summary>
/// One replicated mutation of the storage state machine. Encoded with <see cref="Encode"/> as the payload of a
/// Raft log entry; the first byte is the format version so that a newer encoding can be introduced later.
/// </summary>
internal sealed partial class StorageCommand
{
    private StorageCommand(StorageCommandKind kind, IReadOnlyList<PhysicalOperation> operations, string? nodeId, string? address, string? restoreId = null)
    {
        Kind = kind;
        Operations = operations;
        NodeId = nodeId;
        Address = address;
        RestoreId = restoreId;
    }

    public StorageCommandKind Kind { get; }

    /// <summary>The key/value mutations, in order (one for Put and Delete, any number for Batch, none otherwise).</summary>
    public IReadOnlyList<PhysicalOperation> Operations { get; }

    /// <summary>The Coffer node id of a membership command.</summary>
    public string? NodeId { get; }

    /// <summary>The cluster address of a <see cref="StorageCommandKind.SetMember"/> command.</summary>
    public string? Address { get; }

    /// <summary>Which staged restore a restore command belongs to.</summary>
    public string? RestoreId { get; }

    /// <summary>The prefix whose current entries a <see cref="StorageCommandKind.RestoreCommit"/> keeps (in <see cref="Address"/>'s slot on the wire).</summary>
    public string? KeepPrefix => Kind == StorageCommandKind.RestoreCommit ? Address : null;

    /// <summary>
    /// This command with values the state may keep: those handed over as they are, others copied (their writers may
    /// change them once the write returns). The command itself when every value is handed over.
    /// </summary>
    public StorageCommand WithOwnedValues()
    {
        PhysicalOperation[]? owned = null;
        for (var i = 0; i < Operations.Count; i++)
        {
            var operation = Operations[i];
            if (operation.Value is null || operation.ValueHandedOver)
            {
                continue;
            }

            owned ??= [.. Operations];
            owned[i] = PhysicalOperation.PutHandedOver(operation.Key, operation.Value.ToArray());
        }

        return owned is null ? this : new(Kind, owned, NodeId, Address, RestoreId);
    }

    public static StorageCommand Put(string key, byte[] value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new(StorageCommandKind.Put, [PhysicalOperation.Put(key, value)], null, null);
    }

    public static StorageCommand Delete(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new(StorageCommandKind.Delete, [PhysicalOperation.Delete(key)], null, null);
    }

    public static StorageCommand Batch(IReadOnlyList<PhysicalOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var copy = new PhysicalOperation[operations.Count];
        for (var i = 0; i < copy.Length; i++)
        {
            var operation = operations[i] ?? throw new ArgumentException("A transaction contains a null operation.", nameof(operations));
            ArgumentNullException.ThrowIfNull(operation.Key, nameof(operations));
            copy[i] = operation;
        }

        return new(StorageCommandKind.Batch, copy, null, null);
    }

    public static StorageCommand SetMember(string nodeId, string address)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        ArgumentException.ThrowIfNullOrEmpty(address);
        return new(StorageCommandKind.SetMember, [], nodeId, address);
    }

    public static StorageCommand RemoveMember(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        return new(StorageCommandKind.RemoveMember, [], nodeId, null);
    }

    public static StorageCommand RestoreBegin(string restoreId)
    {
        ArgumentException.ThrowIfNullOrEmpty(restoreId);
        return new(StorageCommandKind.RestoreBegin, [], null, null, restoreId);
    }

    /// <summary>Entries (puts only) for the staged restore <paramref name="restoreId"/>.</summary>
    public static StorageCommand RestoreChunk(string restoreId, IReadOnlyList<PhysicalOperation> puts)
    {
        ArgumentException.ThrowIfNullOrEmpty(restoreId);
        ArgumentNullException.ThrowIfNull(puts);
        foreach (var put in puts)
        {
            if (put is null || put.IsDelete || put.Key is null)
            {
                throw new ArgumentException("A restore chunk holds puts only.", nameof(puts));
            }
        }

        return new(StorageCommandKind.RestoreChunk, [.. puts], null, null, restoreId);
    }

    public static StorageCommand RestoreCommit(string restoreId, string keepPrefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(restoreId);
        ArgumentNullException.ThrowIfNull(keepPrefix);
        return new(StorageCommandKind.RestoreCommit, [], null, keepPrefix, restoreId);
    }

    public static StorageCommand RestoreAbort(string restoreId)
    {
        ArgumentException.ThrowIfNullOrEmpty(restoreId);
        return new(StorageCommandKind.RestoreAbort, [], null, null, restoreId);
    }
}
