using System.Text.Json;
using Coffer.Core.Replication;
using Coffer.Core.Storage;
using Coffer.Core.Tests.Ha;
using Coffer.Sdk.Physical;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coffer.Core.Tests.Replication;

/// <summary>
/// One node of a cluster on integrated storage (faked, over in-memory physical storage) with DR replication wired in
/// but nothing replicating: enough for Core's own DR decisions on a node that is not the replicating one.
/// </summary>
internal sealed class DrNodeHarness : IAsyncDisposable
{
    public DrNodeHarness()
    {
        Raft = new FakeIntegratedStorage { Physical = Physical };
        Core = new CofferCore(
            new CoreOptions { ApiAddress = "https://node-1.example:8200" }, Physical, TimeProvider.System, NullLoggerFactory.Instance, Raft,
            new IdleReplicationProvider());
    }

    public InMemoryBackend Physical { get; } = new();

    public FakeIntegratedStorage Raft { get; }

    public CofferCore Core { get; }

    /// <summary>Stores <paramref name="record"/> as the cluster's DR mode, as Raft would apply another node's write.</summary>
    public Task ApplyModeRecordAsync(DrStateRecord record, CancellationToken cancellationToken) =>
        Physical.PutAsync(new PhysicalEntry(CorePaths.DrState, JsonSerializer.SerializeToUtf8Bytes(record, DrJsonContext.Default.DrStateRecord)), cancellationToken);

    public async ValueTask DisposeAsync() => await Core.Replication.StopWatchingAsync();
}
