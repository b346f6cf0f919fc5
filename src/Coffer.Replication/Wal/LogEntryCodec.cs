using Coffer.Replication.Protocol;
using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;
using Google.Protobuf;

namespace Coffer.Replication.Wal;

/// <summary>Converts log entries to and from their wire and stored (versioned) protobuf forms.</summary>
internal static class LogEntryCodec
{
    public const uint StoredFormatVersion = 1;

    public static LogEntry ToProto(ReplicationLogEntry entry)
    {
        var proto = new LogEntry
        {
            Index = checked((ulong)entry.Index),
            CommittedAtUnixMs = entry.CommittedAt.ToUnixTimeMilliseconds(),
        };
        foreach (var operation in entry.Operations)
        {
            // The log owns its copies and never mutates them, so wrapping without a copy is safe.
            proto.Mutations.Add(operation.IsDelete
                ? new Mutation { Key = operation.Key, Delete = true }
                : new Mutation { Key = operation.Key, Value = UnsafeByteOperations.UnsafeWrap(operation.Value) });
        }

        return proto;
    }

    public static ReplicationLogEntry FromProto(LogEntry proto)
    {
        var operations = new PhysicalOperation[proto.Mutations.Count];
        for (var i = 0; i < operations.Length; i++)
        {
            var mutation = proto.Mutations[i];
            operations[i] = mutation.Delete
                ? PhysicalOperation.Delete(mutation.Key)
                : PhysicalOperation.Put(mutation.Key, mutation.Value.ToByteArray());
        }

        return new ReplicationLogEntry(
            checked((long)proto.Index), DateTimeOffset.FromUnixTimeMilliseconds(proto.CommittedAtUnixMs), operations);
    }

    public static byte[] Serialize(ReplicationLogEntry entry) =>
        new StoredLogEntry { FormatVersion = StoredFormatVersion, Entry = ToProto(entry) }.ToByteArray();

    public static ReplicationLogEntry Deserialize(byte[] stored)
    {
        var record = StoredLogEntry.Parser.ParseFrom(stored);
        if (record.FormatVersion != StoredFormatVersion || record.Entry is null)
        {
            throw new InvalidDataException($"Unsupported replication log entry format version {record.FormatVersion}.");
        }

        return FromProto(record.Entry);
    }
}
