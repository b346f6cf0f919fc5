using Coffer.Replication.Wal;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging;

namespace Coffer.Replication.Primary;

/// <summary>What the gRPC service needs from its replicator, handed over through dependency injection.</summary>
internal sealed class PrimaryServices(
    IReplicationHistory log,
    IPhysicalBackend storage,
    SecondaryRegistry registry,
    PrimaryReplicatorOptions options,
    TimeProvider timeProvider,
    ILogger logger,
    CancellationToken stopping)
{
    private long _lastShippedIndex;

    public IReplicationHistory Log { get; } = log;

    /// <summary>Where the replicated data lives (what a re-index copies), and the primary's own records.</summary>
    public IPhysicalBackend Storage { get; } = storage;

    public SecondaryRegistry Registry { get; } = registry;

    public PrimaryReplicatorOptions Options { get; } = options;

    public TimeProvider TimeProvider { get; } = timeProvider;

    public ILogger Logger { get; } = logger;

    /// <summary>Cancelled when the replicator stops, so long-lived streams end instead of holding shutdown.</summary>
    public CancellationToken Stopping { get; } = stopping;

    public long LastShippedIndex => Interlocked.Read(ref _lastShippedIndex);

    public void RecordShipped(long index)
    {
        var current = Interlocked.Read(ref _lastShippedIndex);
        while (index > current)
        {
            var seen = Interlocked.CompareExchange(ref _lastShippedIndex, index, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
