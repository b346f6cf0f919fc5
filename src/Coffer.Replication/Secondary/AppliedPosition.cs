using Coffer.Replication.Storage;
using Coffer.Sdk.Physical;
using Google.Protobuf;

namespace Coffer.Replication.Secondary;

/// <summary>
/// How far this secondary has applied, as persisted at <see cref="ReplicationKeys.SecondaryState"/> in the same
/// commit as the data it describes. A re-index in progress means the data is a mixture and must be redone.
/// </summary>
internal sealed record AppliedPosition(string LogId, long Index, DateTimeOffset CommittedAt, bool ReindexInProgress, DateTimeOffset? LastReindex)
{
    private const uint FormatVersion = 1;

    public static AppliedPosition None { get; } = new(string.Empty, 0, DateTimeOffset.UnixEpoch, false, null);

    public bool NeedsReindex => ReindexInProgress || LogId.Length == 0;

    public static async Task<AppliedPosition> LoadAsync(IPhysicalBackend storage, CancellationToken cancellationToken)
    {
        var stored = await storage.GetAsync(ReplicationKeys.SecondaryState, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return None;
        }

        var record = SecondaryStateRecord.Parser.ParseFrom(stored.Value);
        if (record.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException($"Unsupported secondary state format version {record.FormatVersion}.");
        }

        return new AppliedPosition(
            record.LogId,
            (long)record.AppliedIndex,
            DateTimeOffset.FromUnixTimeMilliseconds(record.AppliedCommittedAtUnixMs),
            record.ReindexInProgress,
            record.LastReindexUnixS == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(record.LastReindexUnixS));
    }

    public PhysicalOperation ToOperation()
    {
        var record = new SecondaryStateRecord
        {
            FormatVersion = FormatVersion,
            LogId = LogId,
            AppliedIndex = (ulong)Index,
            AppliedCommittedAtUnixMs = CommittedAt.ToUnixTimeMilliseconds(),
            ReindexInProgress = ReindexInProgress,
            LastReindexUnixS = LastReindex?.ToUnixTimeSeconds() ?? 0,
        };
        return PhysicalOperation.PutHandedOver(ReplicationKeys.SecondaryState, record.ToByteArray());
    }
}
