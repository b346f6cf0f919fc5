using Coffer.Sdk.Logical;

namespace Coffer.Core.Telemetry;

/// <summary>Times every operation on the barrier, then delegates.</summary>
internal sealed class MeteredStorage(IStorage inner) : IStorage
{
    private static readonly KeyValuePair<string, object?>[] Get = Tags("get"), Put = Tags("put"), Delete = Tags("delete"), List = Tags("list"), Commit = Tags("commit");

    public Task<StorageEntry?> GetAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.BarrierOperation, Get, () => inner.GetAsync(key, cancellationToken));

    public Task PutAsync(StorageEntry entry, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.BarrierOperation, Put, () => inner.PutAsync(entry, cancellationToken));

    public Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.BarrierOperation, Delete, () => inner.DeleteAsync(key, cancellationToken));

    public Task<IReadOnlyList<string>> ListAsync(string prefix, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.BarrierOperation, List, () => inner.ListAsync(prefix, cancellationToken));

    public Task CommitAsync(IReadOnlyList<StorageOperation> operations, CancellationToken cancellationToken = default) =>
        OperationTimer.TimeAsync(CoreMetrics.BarrierOperation, Commit, () => inner.CommitAsync(operations, cancellationToken));

    private static KeyValuePair<string, object?>[] Tags(string operation) => [new("operation", operation)];
}
